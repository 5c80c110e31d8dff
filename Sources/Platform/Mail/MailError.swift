/// Why an e-mail could not be built, delivered or stored; each case says what to do about it.
public enum MailError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An address (or display name) that cannot be put in a header or an SMTP command safely.
    case invalidAddress(address: String, reason: String)
    /// A message that cannot be rendered: no recipients, a line break in the subject, a malformed Message-ID.
    case invalidMessage(reason: String)
    /// The SMTP server could not be reached, or the connection dropped before the message was accepted.
    case unreachable(host: String, port: Int, reason: String)
    /// The SMTP server stopped answering; nothing after `waitingFor` happened.
    case timedOut(waitingFor: String, after: Duration)
    /// The SMTP server answered with a 4xx or 5xx reply.
    case rejected(code: Int, message: String)
    /// TLS was configured but could not be established (not offered by the server, handshake or certificate failure).
    case tlsFailed(reason: String)
    /// The server said something this client does not understand, or lacks something the configuration needs.
    case protocolViolation(reason: String)
    /// A message could not be written to, listed in or read from a development mailbox.
    case storageFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidAddress(let address, let reason):
            "invalid e-mail address \(Self.quoted(address)): \(reason)"
        case .invalidMessage(let reason):
            "invalid e-mail message: \(reason)"
        case .unreachable(let host, let port, let reason):
            "the SMTP server \(host):\(port) is unreachable (\(reason)): check the host, port and TLS mode, and that the server is running"
        case .timedOut(let waitingFor, let after):
            "the SMTP server did not answer within \(after) while waiting for \(waitingFor): it may be overloaded, or the port may not speak SMTP (or expect TLS)"
        case .rejected(let code, let message):
            "the SMTP server rejected the message with \(code): \(message)"
        case .tlsFailed(let reason):
            "TLS with the SMTP server failed: \(reason)"
        case .protocolViolation(let reason):
            "SMTP conversation failed: \(reason)"
        case .storageFailed(let path, let reason):
            "the development mailbox at \(path) failed: \(reason)"
        }
    }

    /// Shows control characters visibly, so an injection attempt is readable in a log line.
    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r": result += "\\r"
            case "\n": result += "\\n"
            case "\"": result += "\\\""
            case _ where scalar.properties.generalCategory == .control:
                result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
