/// Reads the XHTML that `pdftotext -bbox-layout` writes into pages of positioned words.
///
/// A small scanner over the bytes rather than an XML parser: the format is machine-written and regular
/// (`<page width=".." height="..">`, `<word xMin=".." yMin=".." xMax=".." yMax="..">text</word>`), and a
/// 100-page statement has some 40,000 words.
public enum BBoxLayoutReader {
    public static func read(_ xhtml: [UInt8]) -> [PDFTextDocument.Page] {
        var pages: [PDFTextDocument.Page] = []
        var index = 0
        let count = xhtml.count
        while index < count {
            guard xhtml[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if matches(xhtml, at: index, "<page ") {
                let end = firstIndex(of: UInt8(ascii: ">"), in: xhtml, from: index) ?? count
                let attributes = xhtml[index..<end]
                pages.append(PDFTextDocument.Page(width: number(named: "width", in: attributes) ?? 0, height: number(named: "height", in: attributes) ?? 0, words: []))
                index = end
            } else if matches(xhtml, at: index, "<word ") {
                let tagEnd = firstIndex(of: UInt8(ascii: ">"), in: xhtml, from: index) ?? count
                let attributes = xhtml[index..<tagEnd]
                let textStart = tagEnd + 1
                let textEnd = firstIndex(of: UInt8(ascii: "<"), in: xhtml, from: textStart) ?? count
                if !pages.isEmpty, textStart <= textEnd {
                    let word = PDFTextDocument.Word(
                        text: decodeEntities(xhtml[textStart..<textEnd]),
                        xMin: number(named: "xMin", in: attributes) ?? 0,
                        yMin: number(named: "yMin", in: attributes) ?? 0,
                        xMax: number(named: "xMax", in: attributes) ?? 0,
                        yMax: number(named: "yMax", in: attributes) ?? 0
                    )
                    pages[pages.count - 1].words.append(word)
                }
                index = textEnd
            } else {
                index += 1
            }
        }
        return pages
    }

    private static func matches(_ bytes: [UInt8], at index: Int, _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard index + length <= bytes.count else { return false }
        return literal.withUTF8Buffer { pattern in
            for offset in 0..<length where bytes[index + offset] != pattern[offset] { return false }
            return true
        }
    }

    private static func firstIndex(of byte: UInt8, in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if bytes[index] == byte { return index }
            index += 1
        }
        return nil
    }

    /// The value of `name="…"` inside a tag, as a number.
    private static func number(named name: String, in attributes: ArraySlice<UInt8>) -> Double? {
        let key = Array((name + "=\"").utf8)
        var index = attributes.startIndex
        while index + key.count <= attributes.endIndex {
            if attributes[index] == key[0], index == attributes.startIndex || attributes[index - 1] == UInt8(ascii: " "),
                (0..<key.count).allSatisfy({ attributes[index + $0] == key[$0] })
            {
                let start = index + key.count
                var end = start
                while end < attributes.endIndex, attributes[end] != UInt8(ascii: "\"") { end += 1 }
                return parseDecimal(attributes[start..<end])
            }
            index += 1
        }
        return nil
    }

    /// Parses `123.456` without going through String.
    private static func parseDecimal(_ bytes: ArraySlice<UInt8>) -> Double? {
        var value = 0.0
        var scale = 0.0
        var negative = false
        var any = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "-"): negative = true
            case UInt8(ascii: "."): scale = 1
            case 48...57:
                any = true
                value = value * 10 + Double(byte - 48)
                if scale > 0 { scale *= 10 }
            default: return Double(String(decoding: bytes, as: UTF8.self))
            }
        }
        guard any else { return nil }
        let result = scale > 0 ? value / scale : value
        return negative ? -result : result
    }

    /// Decodes the XML entities pdftotext writes (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#NN;`).
    static func decodeEntities(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        let text = String(decoding: bytes, as: UTF8.self)
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            guard let semicolon = rest[ampersand...].firstIndex(of: ";"), rest.distance(from: ampersand, to: semicolon) <= 10 else {
                result += "&"
                rest = rest[rest.index(after: ampersand)...]
                continue
            }
            let entity = rest[rest.index(after: ampersand)..<semicolon]
            switch entity {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                if entity.hasPrefix("#x"), let value = UInt32(entity.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(value) {
                    result.unicodeScalars.append(scalar)
                } else if entity.hasPrefix("#"), let value = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(value) {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += "&" + entity + ";"
                }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        result += rest
        return result
    }
}
