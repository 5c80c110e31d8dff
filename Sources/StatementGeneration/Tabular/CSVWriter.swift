import Foundation

/// Writes rows of text as RFC 4180 CSV: fields holding a comma, a quote, a line break or surrounding spaces are
/// quoted with inner quotes doubled; lines end in CRLF (the RFC and the org-portal export) or LF.
public struct CSVWriter: Sendable {
    public enum LineEnding: String, Sendable {
        case crlf = "\r\n"
        case lf = "\n"
    }

    public var lineEnding: LineEnding
    /// Whether to start the file with a UTF-8 byte order mark (Excel on Windows writes one).
    public var includesByteOrderMark: Bool

    public init(lineEnding: LineEnding = .crlf, includesByteOrderMark: Bool = false) {
        self.lineEnding = lineEnding
        self.includesByteOrderMark = includesByteOrderMark
    }

    /// The CSV text of the rows, UTF-8.
    public func write(_ rows: [[String]]) -> Data {
        var output: [UInt8] = includesByteOrderMark ? [0xEF, 0xBB, 0xBF] : []
        output.reserveCapacity(rows.count * 96)
        let newline = Array(lineEnding.rawValue.utf8)
        for row in rows {
            for (index, field) in row.enumerated() {
                if index > 0 { output.append(0x2C) }
                Self.append(field, to: &output)
            }
            output.append(contentsOf: newline)
        }
        return Data(output)
    }

    /// One field, quoted when it has to be.
    public static func quoted(_ field: String) -> String {
        var output: [UInt8] = []
        append(field, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static func append(_ field: String, to output: inout [UInt8]) {
        let utf8 = field.utf8
        let needsQuotes = utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || utf8.first == 0x20 || utf8.last == 0x20
        guard needsQuotes else {
            output.append(contentsOf: utf8)
            return
        }
        output.append(0x22)
        for byte in utf8 {
            if byte == 0x22 { output.append(0x22) }
            output.append(byte)
        }
        output.append(0x22)
    }
}
