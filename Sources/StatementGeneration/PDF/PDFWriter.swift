import Foundation

/// Writes simple PDF 1.4 documents: pages of Helvetica text and ruled lines, with a document information
/// dictionary. Enough to render statements the way Safaricom lays them out, for poppler to read back.
public struct PDFWriter {
    public struct Page {
        var content = ""
        public init() {}

        /// Draws `text` with its baseline at (x, y), y measured from the bottom of the page.
        public mutating func text(_ text: String, x: Double, y: Double, size: Double, bold: Bool = false) {
            content += "BT /\(bold ? "F2" : "F1") \(format(size)) Tf \(format(x)) \(format(y)) Td (\(PDFWriter.escape(text))) Tj ET\n"
        }

        /// Draws `text` so that it ends at `right`.
        public mutating func textRightAligned(_ text: String, right: Double, y: Double, size: Double, bold: Bool = false) {
            self.text(text, x: right - PDFWriter.width(of: text, size: size, bold: bold), y: y, size: size, bold: bold)
        }

        public mutating func line(from start: (Double, Double), to end: (Double, Double), width: Double = 0.4) {
            content += "\(format(width)) w \(format(start.0)) \(format(start.1)) m \(format(end.0)) \(format(end.1)) l S\n"
        }

        private func format(_ value: Double) -> String {
            String(format: "%.2f", value)
        }
    }

    public var pages: [Page] = []
    public var info: [String: String]
    public let width: Double
    public let height: Double

    public init(info: [String: String], width: Double = 595.28, height: Double = 841.89) {
        self.info = info
        self.width = width
        self.height = height
    }

    /// The PDF file.
    public func data() -> Data {
        var objects: [String] = []
        // 1 catalog, 2 pages, 3 Helvetica, 4 Helvetica-Bold, 5 info, then page/content pairs.
        let pageObjectIDs = pages.indices.map { 6 + $0 * 2 }
        objects.append("<< /Type /Catalog /Pages 2 0 R >>")
        objects.append("<< /Type /Pages /Kids [\(pageObjectIDs.map { "\($0) 0 R" }.joined(separator: " "))] /Count \(pages.count) >>")
        objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
        objects.append("<< " + info.sorted { $0.key < $1.key }.map { "/\($0.key) (\(PDFWriter.escape($0.value)))" }.joined(separator: " ") + " >>")
        for page in pages {
            objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(width) \(height)] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents \(objects.count + 2) 0 R >>")
            let stream = Data(page.content.utf8)
            objects.append("<< /Length \(stream.count) >>\nstream\n\(page.content)endstream")
        }
        var output = Data("%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(output.count)
            output.append(Data("\(index + 1) 0 obj\n\(object)\nendobj\n".utf8))
        }
        let xref = output.count
        var trailer = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { trailer += String(format: "%010d 00000 n \n", offset) }
        trailer += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R /Info 5 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        output.append(Data(trailer.utf8))
        return output
    }

    /// Escapes a string for a PDF literal, mapping non-Latin-1 characters to `?` (WinAnsi fonts).
    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "(": result += "\\("
            case ")": result += "\\)"
            case "\\": result += "\\\\"
            default:
                if scalar.value < 32 {
                    result += " "
                } else if scalar.value < 128 {
                    result.unicodeScalars.append(scalar)
                } else if scalar.value < 256 {
                    result += String(format: "\\%03o", scalar.value)
                } else {
                    result += "?"
                }
            }
        }
        return result
    }

    /// Helvetica advance widths (1/1000 em) for ASCII 32…126, from Adobe's AFM.
    static let helveticaWidths: [Int] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556,
        556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
        556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    ]
    static let helveticaBoldWidths: [Int] = [
        278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556,
        556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611,
        611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
    ]

    /// The width of `text` in points at `size`.
    public static func width(of text: String, size: Double, bold: Bool = false) -> Double {
        let table = bold ? helveticaBoldWidths : helveticaWidths
        var units = 0
        for scalar in text.unicodeScalars {
            let value = Int(scalar.value)
            units += (32...126).contains(value) ? table[value - 32] : 556
        }
        return Double(units) * size / 1000
    }
}
