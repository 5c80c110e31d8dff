import Foundation

/// One e-mail the platform sends (verification, password reset, invitation), validated on creation and
/// rendered to RFC 5322 text by `rfc5322()`.
///
/// Values are canonical, so a message survives rendering and parsing unchanged: bodies use `\n` line endings and
/// end with a newline, and the date is whole seconds.
public struct MailMessage: Sendable, Equatable, Codable {
    public let from: MailAddress
    /// One or more recipients, all in `To:` (the platform never needs Cc or Bcc).
    public let to: [MailAddress]
    public let subject: String
    public let textBody: String
    /// An HTML alternative; when present the message is `multipart/alternative`.
    public let htmlBody: String?
    /// With its angle brackets: `<id@domain>`.
    public let messageID: String
    public let date: Date

    /// Validates every part that reaches a header; `messageID` defaults to a random one in the sender's domain.
    public init(
        from: MailAddress,
        to: [MailAddress],
        subject: String,
        textBody: String,
        htmlBody: String? = nil,
        messageID: String? = nil,
        date: Date
    ) throws(MailError) {
        guard !to.isEmpty else { throw .invalidMessage(reason: "it has no recipients; give at least one address in `to`") }
        if let bad = subject.unicodeScalars.first(where: { $0.properties.generalCategory == .control && $0 != "\t" }) {
            throw .invalidMessage(
                reason: "the subject contains the control character U+\(String(bad.value, radix: 16, uppercase: true)); a subject is one line of text"
            )
        }
        let id = messageID ?? "<\(UUID().uuidString.lowercased())@\(from.domain)>"
        try Self.validate(messageID: id)
        self.from = from
        self.to = to
        self.subject = subject
        self.textBody = MIMEEncoding.canonicalLines(textBody)
        self.htmlBody = htmlBody.map(MIMEEncoding.canonicalLines)
        self.messageID = id
        self.date = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    /// The full message as RFC 5322 text with CRLF line endings, ready for SMTP `DATA` (before dot-stuffing).
    public func rfc5322() -> String {
        var lines: [String] = [
            "Date: " + RFC5322DateFormat.header(date),
            MIMEEncoding.foldedHeader("From", tokens: [Self.render(from)]),
            MIMEEncoding.foldedHeader("To", tokens: to.map(Self.render), separator: ", "),
            MIMEEncoding.foldedHeader(
                "Subject",
                tokens: MIMEEncoding.needsEncodedWords(subject)
                    ? MIMEEncoding.encodedWords(subject)
                    : subject.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            ),
            "Message-ID: " + messageID,
            "MIME-Version: 1.0",
        ]
        var body: [UInt8] = []
        if let htmlBody {
            let boundary = boundary
            lines.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
            body += Array("This is a multi-part message in MIME format.\r\n".utf8)
            for (text, type) in [(textBody, "text/plain"), (htmlBody, "text/html")] {
                var encoding = MIMEEncoding.transferEncoding(for: text)
                // A 7bit part could contain the boundary; quoted-printable and base64 never produce "=_".
                if encoding == .sevenBit && text.contains(boundary) { encoding = .quotedPrintable }
                body += Array("\r\n--\(boundary)\r\nContent-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: \(encoding.rawValue)\r\n\r\n".utf8)
                body += MIMEEncoding.encodeBody(text, as: encoding)
            }
            body += Array("\r\n--\(boundary)--\r\n".utf8)
        } else {
            let encoding = MIMEEncoding.transferEncoding(for: textBody)
            lines.append("Content-Type: text/plain; charset=utf-8")
            lines.append("Content-Transfer-Encoding: \(encoding.rawValue)")
            body = MIMEEncoding.encodeBody(textBody, as: encoding)
        }
        return lines.joined(separator: "\r\n") + "\r\n\r\n" + String(decoding: body, as: UTF8.self)
    }

    /// Derived from the Message-ID so rendering is deterministic; starts with `=_`, which encoded parts never contain.
    private var boundary: String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in messageID.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        let hex = String(hash, radix: 16)
        return "=_mpesa_" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// `"Name" <address>`, the name as encoded-words when it is not plain ASCII.
    private static func render(_ mailbox: MailAddress) -> String {
        guard let name = mailbox.displayName else { return mailbox.address }
        if MIMEEncoding.needsEncodedWords(name) {
            return MIMEEncoding.encodedWords(name).joined(separator: " ") + " <\(mailbox.address)>"
        }
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\" <\(mailbox.address)>"
    }

    /// A Message-ID is `<left@right>` with no whitespace, control characters or angle brackets inside.
    private static func validate(messageID: String) throws(MailError) {
        let inner = messageID.utf8.dropFirst().dropLast()
        guard messageID.hasPrefix("<"), messageID.hasSuffix(">"), inner.count >= 3, inner.count <= 250,
              inner.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }),
              inner.contains(UInt8(ascii: "@"))
        else {
            throw .invalidMessage(reason: "the Message-ID \(messageID.debugDescription) is not of the form <unique@domain> (printable ASCII, no spaces)")
        }
    }

    private enum CodingKeys: String, CodingKey {
        case from, to, subject, date
        case textBody = "text_body"
        case htmlBody = "html_body"
        case messageID = "message_id"
    }

    /// Decoding validates like the initialiser, so JSON cannot smuggle in what `init` would refuse.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            from: container.decode(MailAddress.self, forKey: .from),
            to: container.decode([MailAddress].self, forKey: .to),
            subject: container.decode(String.self, forKey: .subject),
            textBody: container.decode(String.self, forKey: .textBody),
            htmlBody: container.decodeIfPresent(String.self, forKey: .htmlBody),
            messageID: container.decode(String.self, forKey: .messageID),
            date: container.decode(Date.self, forKey: .date)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(subject, forKey: .subject)
        try container.encode(textBody, forKey: .textBody)
        try container.encodeIfPresent(htmlBody, forKey: .htmlBody)
        try container.encode(messageID, forKey: .messageID)
        try container.encode(date, forKey: .date)
    }
}
