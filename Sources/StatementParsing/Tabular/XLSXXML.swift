import Foundation
import SWXMLHash

/// Parsing one XML part of an XLSX with SWXMLHash, defensively: parts with a DTD are refused (no spreadsheet
/// part has one, and DTDs are how entity-expansion and external-entity attacks get in), and malformed XML is
/// reported as a corrupt file rather than read half-way.
enum XLSXXML {
    typealias Element = XMLHash.XMLElement

    static func parse(_ data: Data, part: String) throws(StatementParseError) -> Element {
        guard !containsDeclaration(data) else { throw .corrupt("\(part) declares a DTD, which workbooks never do") }
        let indexer = XMLHash.config { options in
            options.detectParsingErrors = true
            options.shouldProcessNamespaces = false
        }.parse(data)
        if case .parsingError(let error) = indexer {
            throw .corrupt("\(part) is not well-formed XML (line \(error.line), column \(error.column))")
        }
        guard let root = indexer.element, let document = elements(of: root).first else {
            throw .corrupt("\(part) is empty")
        }
        return document
    }

    /// Parses a part that may be large, calling `body` with its `container` element (`sheetData` of a sheet, the
    /// `sst` root of shared strings) once per piece.
    ///
    /// Foundation's `XMLParser(data:)` on Linux hands libxml2 the whole document as one chunk and reports a
    /// failure for documents over 10,000,000 bytes (libxml2's lookup limit), which a sheet of 50,000 rows
    /// exceeds. So a large part is cut between `item` elements (`</row>`, `</si>`: in XML text a `<` is always
    /// escaped, so these byte sequences can only be markup), and each piece is parsed as the part's own start
    /// (XML declaration, root tag with its namespaces, the container's start tag), some items, and its end.
    static func forEachPiece(
        _ data: Data, part: String, container: String, item: String, maxPieceBytes: Int = 4 * 1024 * 1024,
        _ body: (Element) throws(StatementParseError) -> Void
    ) throws(StatementParseError) {
        guard data.count > maxPieceBytes, let pieces = pieces(of: data, container: container, item: item, maxPieceBytes: maxPieceBytes) else {
            let document = try parse(data, part: part)
            if localName(document) == container {
                try body(document)
            } else if let element = child(of: document, named: container) {
                try body(element)
            }
            return
        }
        for piece in pieces {
            let document = try parse(piece, part: part)
            let element = localName(document) == container ? document : child(of: document, named: container)
            if let element { try body(element) }
        }
    }

    /// The pieces of a large part, or nil when the container cannot be found (the caller parses it whole).
    private static func pieces(of data: Data, container: String, item: String, maxPieceBytes: Int) -> [Data]? {
        let bytes = [UInt8](data)
        guard let start = startTag(named: container, in: bytes), !start.selfClosing else { return nil }
        let prefix = start.prefix.isEmpty ? "" : start.prefix + ":"
        let closing = Array("</\(prefix)\(container)>".utf8)
        guard let closeStart = lastIndex(of: closing, in: bytes), closeStart > start.end else { return nil }
        let head = bytes[...start.end]
        let tail = bytes[closeStart...]
        let itemEnd = Array("</\(prefix)\(item)>".utf8)
        var pieces: [Data] = []
        var pieceStart = start.end + 1
        var lastCut = pieceStart
        var index = pieceStart
        while index < closeStart {
            if bytes[index] == 0x3C, index + itemEnd.count <= closeStart, bytes[index..<(index + itemEnd.count)].elementsEqual(itemEnd) {
                index += itemEnd.count
                if index - pieceStart >= maxPieceBytes, lastCut > pieceStart {
                    pieces.append(Data(head + bytes[pieceStart..<lastCut] + tail))
                    pieceStart = lastCut
                }
                lastCut = index
                continue
            }
            index += 1
        }
        pieces.append(Data(head + bytes[pieceStart..<closeStart] + tail))
        return pieces
    }

    /// The first start tag `<name` or `<prefix:name`: where its `>` is, its prefix, and whether it is `<…/>`.
    private static func startTag(named name: String, in bytes: [UInt8]) -> (end: Int, prefix: String, selfClosing: Bool)? {
        let nameBytes = Array(name.utf8)
        var index = 0
        while index < bytes.count {
            defer { index += 1 }
            guard bytes[index] == 0x3C else { continue }
            var cursor = index + 1
            var prefixEnd: Int?
            while cursor < bytes.count, cursor - index < 64 {
                let byte = bytes[cursor]
                if byte == 0x3A { prefixEnd = cursor }
                guard byte == 0x3A || byte == 0x5F || byte == 0x2D || byte == 0x2E || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                    || (byte >= 0x30 && byte <= 0x39)
                else { break }
                cursor += 1
            }
            let localStart = prefixEnd.map { $0 + 1 } ?? index + 1
            guard cursor - localStart == nameBytes.count, bytes[localStart..<cursor].elementsEqual(nameBytes), cursor < bytes.count else { continue }
            guard let close = bytes[cursor...].firstIndex(of: 0x3E) else { return nil }
            let prefix = prefixEnd.map { String(decoding: bytes[(index + 1)..<$0], as: UTF8.self) } ?? ""
            return (close, prefix, bytes[close - 1] == 0x2F)
        }
        return nil
    }

    private static func lastIndex(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var index = bytes.count - needle.count
        while index >= 0 {
            if bytes[index] == needle[0], bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index -= 1
        }
        return nil
    }

    /// `<!DOCTYPE` or `<!ENTITY`, case-insensitively, anywhere in the bytes.
    private static func containsDeclaration(_ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard bytes.count >= 8 else { return false }
            for index in 0..<(bytes.count - 8) where bytes[index] == 0x3C && bytes[index + 1] == 0x21 {
                let word = (2..<8).map { bytes[index + $0] | 0x20 }
                if word == Array("doctyp".utf8) || word == Array("entity".utf8) { return true }
            }
            return false
        }
    }

    /// The element's name without a namespace prefix (`x:row` → `row`).
    static func localName(_ element: Element) -> Substring {
        let name = element.name
        guard let colon = name.lastIndex(of: ":") else { return name[...] }
        return name[name.index(after: colon)...]
    }

    static func elements(of element: Element) -> [Element] {
        element.children.compactMap { $0 as? Element }
    }

    static func children(of element: Element, named name: String) -> [Element] {
        element.children.compactMap { child in
            guard let child = child as? Element, localName(child) == name else { return nil }
            return child
        }
    }

    static func child(of element: Element, named name: String) -> Element? {
        for child in element.children {
            if let child = child as? Element, localName(child) == name { return child }
        }
        return nil
    }

    /// An attribute by local name (`r:id` is found as `id` when no unprefixed `id` exists).
    static func attribute(_ element: Element, _ name: String) -> String? {
        if let value = element.allAttributes[name]?.text { return value }
        for (key, attribute) in element.allAttributes where key.hasSuffix(":" + name) { return attribute.text }
        return nil
    }

    /// The text of `<t>` elements inside a shared string or inline string, runs included, phonetic runs excluded.
    static func stringItemText(_ element: Element) -> String {
        var text = ""
        for child in elements(of: element) {
            switch localName(child) {
            case "t": text += child.text
            case "r": if let t = XLSXXML.child(of: child, named: "t") { text += t.text }
            default: continue
            }
        }
        return decodeEscapes(text)
    }

    /// OOXML writes characters XML cannot hold as `_xHHHH_` (`_x000D_` for a carriage return).
    static func decodeEscapes(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var result = ""
        var rest = text[...]
        while let start = rest.range(of: "_x") {
            result += rest[..<start.lowerBound]
            let hexStart = start.upperBound
            if let hexEnd = rest.index(hexStart, offsetBy: 4, limitedBy: rest.endIndex), hexEnd < rest.endIndex, rest[hexEnd] == "_",
                let code = UInt32(rest[hexStart..<hexEnd], radix: 16), let scalar = Unicode.Scalar(code)
            {
                result.unicodeScalars.append(scalar)
                rest = rest[rest.index(after: hexEnd)...]
            } else {
                result += "_x"
                rest = rest[hexStart...]
            }
        }
        return result + rest
    }
}
