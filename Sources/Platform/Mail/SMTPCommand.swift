/// The commands this client sends, rendered to their exact wire form; pure, so the conversation's bytes are testable.
enum SMTPCommand: Sendable, Equatable {
    case ehlo(String)
    case helo(String)
    case startTLS
    case authPlain(initialResponse: String)
    case authLogin
    /// A bare base64 line answering a 334 challenge (AUTH LOGIN's user name and password).
    case authResponse(String)
    case mailFrom(String, size: Int?)
    case rcptTo(String)
    case data
    case quit

    /// The command line including its CRLF.
    var line: String {
        switch self {
        case .ehlo(let name): "EHLO \(name)\r\n"
        case .helo(let name): "HELO \(name)\r\n"
        case .startTLS: "STARTTLS\r\n"
        case .authPlain(let response): "AUTH PLAIN \(response)\r\n"
        case .authLogin: "AUTH LOGIN\r\n"
        case .authResponse(let response): "\(response)\r\n"
        case .mailFrom(let address, let size): "MAIL FROM:<\(address)>\(size.map { " SIZE=\($0)" } ?? "")\r\n"
        case .rcptTo(let address): "RCPT TO:<\(address)>\r\n"
        case .data: "DATA\r\n"
        case .quit: "QUIT\r\n"
        }
    }

    /// What may appear in a log: everything but credentials.
    var loggable: String {
        switch self {
        case .authPlain: "AUTH PLAIN <redacted>"
        case .authResponse: "<redacted>"
        default: String(line.dropLast())  // "\r\n" is one Character
        }
    }

    /// The DATA payload for RFC 5322 `text`: CRLF line endings, a `.` doubled at the start of every line
    /// (RFC 5321 §4.5.2), a final CRLF if missing, then the `.` line that ends the data.
    static func dataPayload(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 64)
        var atLineStart = true
        var previous: UInt8 = 0
        for byte in text.utf8 {
            // Bare CR or LF would be ambiguous on the wire (and enables SMTP smuggling); normalise to CRLF.
            if byte == 0x0A && previous != 0x0D { output.append(0x0D) }
            if previous == 0x0D && byte != 0x0A { output.append(0x0A); atLineStart = true }
            if atLineStart && byte == UInt8(ascii: ".") { output.append(UInt8(ascii: ".")) }
            output.append(byte)
            atLineStart = byte == 0x0A
            previous = byte
        }
        if previous == 0x0D { output.append(0x0A) } else if !output.isEmpty && previous != 0x0A { output += [0x0D, 0x0A] }
        output += Array(".\r\n".utf8)
        return output
    }
}
