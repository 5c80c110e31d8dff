import Foundation

/// One complete SMTP reply: a three-digit code and the text of each of its lines (RFC 5321 §4.2).
struct SMTPReply: Sendable, Equatable {
    let code: Int
    /// The text after the code and separator, one entry per line of a multi-line (`250-…`) reply.
    let lines: [String]

    /// 2xx (done) and 3xx (go on) let the conversation continue; 4xx and 5xx end it.
    var isPositive: Bool { (200..<400).contains(code) }

    /// The reply's text on one line, for errors and logs.
    var message: String { lines.joined(separator: " ").trimmingCharacters(in: .whitespaces) }

    /// One parsed reply line: its code, whether more lines follow, and its text.
    struct Line: Equatable {
        let code: Int
        let isLast: Bool
        let text: String
    }

    /// Parses `250-text`, `250 text` or a bare `250` (line terminator already removed).
    static func parseLine(_ line: String) -> Line? {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[0...2].allSatisfy({ (0x30...0x39).contains($0) }),
              (2...5).contains(bytes[0] - 0x30)
        else { return nil }
        let code = Int(String(decoding: bytes[0...2], as: UTF8.self))!
        if bytes.count == 3 { return Line(code: code, isLast: true, text: "") }
        switch bytes[3] {
        case UInt8(ascii: "-"): return Line(code: code, isLast: false, text: String(decoding: bytes[4...], as: UTF8.self))
        case UInt8(ascii: " "): return Line(code: code, isLast: true, text: String(decoding: bytes[4...], as: UTF8.self))
        default: return nil
        }
    }
}
