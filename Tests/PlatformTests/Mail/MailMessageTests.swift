import Foundation
import Testing
@testable import Platform

@Suite("Mail messages")
struct MailMessageTests {
    /// 2026-11-29 10:15:00 UTC, a Sunday.
    static let date = Date(timeIntervalSince1970: 1_795_947_300)

    static func message(
        to: [MailAddress]? = nil,
        subject: String = "Verify your e-mail address",
        text: String = "Open this link to verify:\nhttps://app.example.com/verify?token=abc\n",
        html: String? = nil
    ) throws -> MailMessage {
        try MailMessage(
            from: MailAddress("no-reply@mpesa.example.com", displayName: "M-PESA Analytics"),
            to: to ?? [MailAddress("wanjiru@example.co.ke")],
            subject: subject,
            textBody: text,
            htmlBody: html,
            messageID: "<0f3c9a1e@mpesa.example.com>",
            date: date
        )
    }

    @Test("a plain ASCII message renders exactly, with CRLF line endings and 7bit body")
    func plainRendering() throws {
        let expected = [
            "Date: Sun, 29 Nov 2026 10:15:00 +0000",
            "From: \"M-PESA Analytics\" <no-reply@mpesa.example.com>",
            "To: wanjiru@example.co.ke",
            "Subject: Verify your e-mail address",
            "Message-ID: <0f3c9a1e@mpesa.example.com>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 7bit",
            "",
            "Open this link to verify:",
            "https://app.example.com/verify?token=abc",
            "",
        ].joined(separator: "\r\n")
        #expect(try Self.message().rfc5322() == expected)
    }

    @Test("no bare CR or LF and no line over 998 bytes, whatever the content")
    func lineDiscipline() throws {
        let long = String(repeating: "x", count: 2_000)
        let rendered = try Self.message(
            subject: String(repeating: "Statement ready ", count: 20) + long,
            text: "a\rb\r\nc\n\(long)\nKaribu — ✓\n",
            html: "<p>\(long)</p>"
        ).rfc5322()
        let bytes = Array(rendered.utf8)
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A { #expect(index > 0 && bytes[index - 1] == 0x0D, "bare LF at \(index)") }
            if byte == 0x0D { #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A, "bare CR at \(index)") }
        }
        let lines = rendered.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 998 })
        #expect(rendered.utf8.allSatisfy { $0 < 0x80 }, "everything non-ASCII is encoded")
    }

    @Test("a long recipient list folds after commas into lines of at most 78 characters and parses back")
    func foldedRecipients() throws {
        let recipients = try (1...12).map { try MailAddress("recipient\($0)@tenant-\($0).example.co.ke", displayName: $0 % 3 == 0 ? "Ngʼangʼa \($0)" : nil) }
        let message = try Self.message(to: recipients)
        let rendered = message.rfc5322()
        let headerLines = rendered.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        #expect(headerLines.allSatisfy { $0.utf8.count <= 78 })
        #expect(headerLines.contains { $0.hasPrefix(" ") }, "the To header is folded")
        #expect(try MailMessageParser.parse(rendered).to == recipients)
    }

    @Test("a UTF-8 subject and display name become encoded-words of at most 75 characters that decode back")
    func encodedWords() throws {
        let subject = "Karibu — statement ready ✓ " + String(repeating: "Ngʼangʼa 🇰🇪 ", count: 8)
        let message = try MailMessage(
            from: MailAddress("no-reply@mpesa.example.com", displayName: "Wanjiru Ngʼangʼa"),
            to: [MailAddress("a@example.com")],
            subject: subject, textBody: "x", messageID: "<1@example.com>", date: Self.date
        )
        let rendered = message.rfc5322()
        let words = rendered.split(whereSeparator: { $0 == " " || $0 == "\r\n" }).filter { $0.hasPrefix("=?") }
        #expect(words.count > 3)
        #expect(words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") })
        #expect(rendered.contains("From: =?UTF-8?B?"))
        let parsed = try MailMessageParser.parse(rendered)
        #expect(parsed.subject == subject)
        #expect(parsed.from.displayName == "Wanjiru Ngʼangʼa")
    }

    @Test("an ASCII subject that looks like an encoded-word is itself encoded, so readers show it literally")
    func encodedWordLookalike() throws {
        let rendered = try Self.message(subject: "=?UTF-8?B?SGk=?=").rfc5322()
        #expect(!rendered.contains("Subject: =?UTF-8?B?SGk=?="))
        #expect(try MailMessageParser.parse(rendered).subject == "=?UTF-8?B?SGk=?=")
    }

    @Test("a mostly-ASCII UTF-8 body goes out quoted-printable in lines of at most 76 characters")
    func quotedPrintableBody() throws {
        let text = "Habari Ngʼangʼa,\nYour statement is ready ✓ — " + String(repeating: "KES 1,000.00 paid in; ", count: 10) + "\n= sign, trailing space \n"
        let rendered = try Self.message(text: text).rfc5322()
        #expect(rendered.contains("Content-Transfer-Encoding: quoted-printable"))
        let body = rendered.components(separatedBy: "\r\n\r\n")[1]
        #expect(body.components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 })
        #expect(body.contains("=3D sign, trailing space=20\r\n"))
        #expect(try MailMessageParser.parse(rendered).textBody == text)
    }

    @Test("a mostly non-ASCII body goes out as base64")
    func base64Body() throws {
        let text = String(repeating: "ሰላም ✓ ", count: 40) + "\n"
        let rendered = try Self.message(text: text).rfc5322()
        #expect(rendered.contains("Content-Transfer-Encoding: base64"))
        #expect(try MailMessageParser.parse(rendered).textBody == text)
    }

    @Test("an HTML body makes the message multipart/alternative with the plain part first")
    func multipart() throws {
        let rendered = try Self.message(html: "<p>Open <a href=\"https://app.example.com/verify?token=abc\">this link</a></p>\n").rfc5322()
        #expect(rendered.contains("Content-Type: multipart/alternative; boundary=\"=_mpesa_"))
        let plain = try #require(rendered.range(of: "Content-Type: text/plain; charset=utf-8"))
        let html = try #require(rendered.range(of: "Content-Type: text/html; charset=utf-8"))
        #expect(plain.lowerBound < html.lowerBound)
        #expect(rendered.hasSuffix("--\r\n"))
        let parsed = try MailMessageParser.parse(rendered)
        #expect(parsed.htmlBody == "<p>Open <a href=\"https://app.example.com/verify?token=abc\">this link</a></p>\n")
        #expect(parsed.textBody == "Open this link to verify:\nhttps://app.example.com/verify?token=abc\n")
    }

    @Test("a 7bit part that contains the boundary is switched to quoted-printable")
    func boundaryCollision() throws {
        let probe = try Self.message(html: "<p></p>").rfc5322()
        let boundary = try #require(probe.firstMatch(of: /boundary="([^"]+)"/)?.1)
        let text = "--\(boundary)\nsneaky\n--\(boundary)--\n"
        let rendered = try Self.message(text: text, html: "<p></p>").rfc5322()
        #expect(try MailMessageParser.parse(rendered).textBody == text)
    }

    @Test("rendering then parsing gives the same message", arguments: [
        ("Verify your e-mail address", "Short.\n", nil),
        ("Karibu — statement ready ✓", "Habari Ngʼangʼa,\n\n.leading dot\n..two\n.\n", "<b>Karibu</b>\n"),
        ("", "", nil),
        ("tabs\tand  double  spaces ", "no final newline", "<p>x</p>"),
    ] as [(String, String, String?)])
    func roundTrip(subject: String, text: String, html: String?) throws {
        let message = try Self.message(
            to: [MailAddress("a@example.com", displayName: "Achieng' \"Aki\" O\\D"), MailAddress("b.c+tag@sub.example.co.ke")],
            subject: subject, text: text, html: html
        )
        #expect(try MailMessageParser.parse(message.rfc5322()) == message)
    }

    @Test("bodies are canonical: any line endings become LF and a final newline is added")
    func canonicalBodies() throws {
        #expect(try Self.message(text: "a\r\nb\rc").textBody == "a\nb\nc\n")
        #expect(try Self.message(text: "").textBody == "")
    }

    @Test("the Date header is RFC 5322, in UTC, and parses back", arguments: [
        (1_795_947_300, "Sun, 29 Nov 2026 10:15:00 +0000"),
        (1_709_251_199, "Thu, 29 Feb 2024 23:59:59 +0000"),
        (946_684_800, "Sat, 1 Jan 2000 00:00:00 +0000"),
        (-1, "Wed, 31 Dec 1969 23:59:59 +0000"),
    ])
    func dateHeader(seconds: Int, header: String) {
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        #expect(RFC5322DateFormat.header(date) == header)
        #expect(RFC5322DateFormat.parse(header) == date)
        #expect(RFC5322DateFormat.parse("29 Nov 2026 13:15:00 +0300") == Date(timeIntervalSince1970: 1_795_947_300))
    }

    @Test("header injection and malformed addresses are refused with a reason", arguments: [
        "a@b.c\r\nBcc: x@y.z",
        "a@b.c\nBcc: x@y.z",
        "a@b.c\rBcc: x@y.z",
        "a@b.c\u{0}",
        "<a@b.c>",
        "a@b.c, x@y.z",
        "a@b.c>\r\nRCPT TO:<x@y.z",
        "\"quoted\"@b.c",
        "a b@c.d",
        "",
        "plainaddress",
        "a@",
        "@b.c",
        "a@b@c.d",
        "a..b@c.d",
        ".a@c.d",
        "a@-b.c",
        "a@b..c",
        "wanjirú@example.com",
        String(repeating: "a", count: 65) + "@example.com",
    ])
    func injectionRefused(address: String) {
        #expect {
            _ = try MailAddress(address)
        } throws: { error in
            guard case .invalidAddress(let given, let reason)? = error as? MailError else { return false }
            return given == address && !reason.isEmpty
        }
    }

    @Test("the CR/LF in an injection attempt is named in the error a user sees")
    func injectionMessage() {
        #expect(throws: MailError.invalidAddress(
            address: "a@b.c\r\nBcc: x@y.z",
            reason: "it contains a carriage return (CR), which could inject headers or SMTP commands"
        )) {
            try MailAddress("a@b.c\r\nBcc: x@y.z")
        }
        let description = MailError.invalidAddress(address: "a@b.c\r\nBcc: x@y.z", reason: "r").description
        #expect(description.contains("a@b.c\\r\\nBcc: x@y.z"))
    }

    @Test("line breaks in a subject, display name or Message-ID are refused; so is a message with no recipients")
    func otherInjections() throws {
        #expect(throws: MailError.self) { try Self.message(subject: "Hi\r\nBcc: x@y.z") }
        #expect(throws: MailError.self) { try MailAddress("a@b.c", displayName: "Evil\r\nBcc: x@y.z") }
        #expect(throws: MailError.self) {
            try MailMessage(
                from: MailAddress("a@b.c"), to: [MailAddress("d@e.f")], subject: "s", textBody: "t",
                messageID: "<x@y>\r\nBcc: x@y.z", date: Self.date
            )
        }
        #expect(throws: MailError.invalidMessage(reason: "it has no recipients; give at least one address in `to`")) {
            try Self.message(to: [])
        }
    }

    @Test("JSON uses snake_case, round-trips, and cannot smuggle in an address the initialiser refuses")
    func json() throws {
        let message = try Self.message(html: "<p>hi</p>")
        let data = try JSONEncoder().encode(message)
        let json = String(decoding: data, as: UTF8.self)
        #expect(json.contains("\"text_body\"") && json.contains("\"message_id\"") && json.contains("\"display_name\""))
        #expect(try JSONDecoder().decode(MailMessage.self, from: data) == message)
        let injected = json.replacingOccurrences(of: "wanjiru@example.co.ke", with: "wanjiru@example.co.ke\\r\\nBcc: x@y.z")
        #expect(throws: MailError.self) { try JSONDecoder().decode(MailMessage.self, from: Data(injected.utf8)) }
    }

    @Test("a generated Message-ID is unique and in the sender's domain")
    func generatedMessageID() throws {
        let make = {
            try MailMessage(from: MailAddress("no-reply@mpesa.example.com"), to: [MailAddress("a@b.c")], subject: "s", textBody: "t", date: Self.date)
        }
        let first = try make(), second = try make()
        #expect(first.messageID != second.messageID)
        #expect(first.messageID.hasPrefix("<") && first.messageID.hasSuffix("@mpesa.example.com>"))
    }
}
