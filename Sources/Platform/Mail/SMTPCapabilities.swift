/// What the server announced in its EHLO reply (RFC 5321 §4.1.1.1): the extensions this client may use.
struct SMTPCapabilities: Sendable, Equatable {
    /// Upper-cased keywords with their parameters: `["STARTTLS": [], "AUTH": ["PLAIN", "LOGIN"], "SIZE": ["35882577"]]`.
    let extensions: [String: [String]]

    /// A HELO server, or one whose EHLO announced nothing, supports no extension.
    static let none = SMTPCapabilities(extensions: [:])

    init(extensions: [String: [String]]) {
        self.extensions = extensions
    }

    /// The first line of an EHLO reply is the greeting; every later line is one extension.
    init(ehloReply: SMTPReply) {
        var extensions: [String: [String]] = [:]
        for line in ehloReply.lines.dropFirst() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "=" }).map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            extensions[keyword, default: []] += words.dropFirst()
        }
        self.extensions = extensions
    }

    var supportsStartTLS: Bool { extensions["STARTTLS"] != nil }

    /// The SASL mechanisms offered, upper-cased.
    var authenticationMechanisms: Set<String> { Set(extensions["AUTH"] ?? []) }

    /// The largest message the server accepts, when it says so (0 means no limit).
    var maximumMessageSize: Int? { extensions["SIZE"]?.first.flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } }
}
