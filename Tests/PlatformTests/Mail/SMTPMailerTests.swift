import Foundation
import Testing
@testable import Platform

/// The SMTP client against a real SMTP server (aiosmtpd, started per test; see Fixtures/README.md).
@Suite("SMTP mailer")
struct SMTPMailerTests {
    static let date = Date(timeIntervalSince1970: 1_795_947_300)

    static func configuration(port: Int, _ change: (inout SMTPConfiguration) -> Void = { _ in }) -> SMTPConfiguration {
        var configuration = SMTPConfiguration(
            host: "127.0.0.1", port: port, tls: .none, heloName: "auth.mpesa.test",
            connectTimeout: .seconds(5), commandTimeout: .seconds(10), dataTimeout: .seconds(10)
        )
        change(&configuration)
        return configuration
    }

    static func message(to: [String] = ["wanjiru@example.co.ke"], subject: String = "Verify your e-mail address", text: String, html: String? = nil) throws -> MailMessage {
        try MailMessage(
            from: MailAddress("no-reply@mpesa.example.com", displayName: "M-PESA Analytics"),
            to: to.map { try MailAddress($0) },
            subject: subject, textBody: text, htmlBody: html,
            messageID: "<7c1d5b2e@mpesa.example.com>", date: date
        )
    }

    /// Runs `body` with a fresh sink, stopping it however the test ends.
    private func withSink<T>(_ arguments: [String] = [], _ body: (SMTPSink) async throws -> T) async throws -> T {
        let sink = try await SMTPSink.start(arguments: arguments)
        defer { sink.stop() }
        return try await body(sink)
    }

    @Test("a plain message arrives byte for byte, with the envelope and headers we sent")
    func plainMessage() async throws {
        try await withSink { sink in
            let message = try Self.message(text: "Open this link to verify:\nhttps://app.example.com/verify?token=abc\n")
            try await SMTPMailer(configuration: Self.configuration(port: sink.port)).send(message)
            let received = try sink.received()
            try #require(received.count == 1)
            let mail = received[0]
            #expect(mail.mail_from == "no-reply@mpesa.example.com")
            #expect(mail.rcpt_tos == ["wanjiru@example.co.ke"])
            #expect(mail.helo == "auth.mpesa.test")
            #expect(mail.content == message.rfc5322())
            #expect(mail.parsed.subject == "Verify your e-mail address")
            #expect(mail.parsed.from == "M-PESA Analytics <no-reply@mpesa.example.com>")
            #expect(mail.parsed.message_id == "<7c1d5b2e@mpesa.example.com>")
            #expect(mail.parsed.date == "Sun, 29 Nov 2026 10:15:00 +0000")
            #expect(mail.parsed.text == "Open this link to verify:\nhttps://app.example.com/verify?token=abc\n")
            #expect(mail.parsed.defects.isEmpty)
        }
    }

    @Test("a UTF-8 subject, display name and body arrive intact, as decoded by Python's e-mail parser")
    func unicode() async throws {
        try await withSink { sink in
            let text = "Habari Ngʼangʼa,\n\nKaribu — your statement is ready ✓\nPaid in: KES 12,500.00 (Fuliza: KES 0.00) 🇰🇪\n"
            let message = try MailMessage(
                from: MailAddress("no-reply@mpesa.example.com", displayName: "M-PESA Analytics — Ngʼangʼa & Co"),
                to: [MailAddress("wanjiru@example.co.ke", displayName: "Wanjiru Ngʼangʼa")],
                subject: "Karibu — statement ready ✓", textBody: text, date: Self.date
            )
            try await SMTPMailer(configuration: Self.configuration(port: sink.port)).send(message)
            let mail = try #require(try sink.received().first)
            #expect(mail.parsed.subject == "Karibu — statement ready ✓")
            #expect(mail.parsed.from == "M-PESA Analytics — Ngʼangʼa & Co <no-reply@mpesa.example.com>")
            #expect(mail.parsed.to == ["Wanjiru Ngʼangʼa <wanjiru@example.co.ke>"])
            #expect(mail.parsed.text == text)
            #expect(mail.parsed.defects.isEmpty)
        }
    }

    @Test("an HTML alternative arrives as multipart/alternative with both parts readable")
    func html() async throws {
        try await withSink { sink in
            let html = "<p>Karibu — <a href=\"https://app.example.com/verify?token=abc\">verify</a> ✓</p>\n"
            let message = try Self.message(text: "Karibu — verify: https://app.example.com/verify?token=abc\n", html: html)
            try await SMTPMailer(configuration: Self.configuration(port: sink.port)).send(message)
            let mail = try #require(try sink.received().first)
            #expect(mail.parsed.content_type == "multipart/alternative")
            #expect(mail.parsed.text == "Karibu — verify: https://app.example.com/verify?token=abc\n")
            #expect(mail.parsed.html == html)
            #expect(mail.parsed.defects.isEmpty)
        }
    }

    @Test("every recipient is in the envelope and the To header")
    func multipleRecipients() async throws {
        try await withSink { sink in
            let recipients = ["wanjiru@example.co.ke", "otieno@example.com", "finance+alerts@tenant.example.org"]
            try await SMTPMailer(configuration: Self.configuration(port: sink.port)).send(Self.message(to: recipients, text: "Invitation.\n"))
            let mail = try #require(try sink.received().first)
            #expect(mail.rcpt_tos == recipients)
            #expect(mail.parsed.to == recipients)
        }
    }

    @Test("body lines starting with a dot, and a line that is only a dot, survive dot-stuffing")
    func dotStuffing() async throws {
        try await withSink { sink in
            let text = ".hidden first line\nmiddle\n.\n..two dots\n. \nlast\n"
            let message = try Self.message(text: text)
            try await SMTPMailer(configuration: Self.configuration(port: sink.port)).send(message)
            let mail = try #require(try sink.received().first)
            #expect(mail.content == message.rfc5322())
            #expect(mail.parsed.text == text)
        }
    }

    @Test("the configured envelope sender goes in MAIL FROM while From stays as written")
    func envelopeSender() async throws {
        try await withSink { sink in
            let configuration = Self.configuration(port: sink.port) { $0.sender = try! MailAddress("bounces@mpesa.example.com") }
            try await SMTPMailer(configuration: configuration).send(Self.message(text: "x\n"))
            let mail = try #require(try sink.received().first)
            #expect(mail.mail_from == "bounces@mpesa.example.com")
            #expect(mail.parsed.from == "M-PESA Analytics <no-reply@mpesa.example.com>")
        }
    }

    @Test("a server that rejects a recipient gives rejected(550) and delivers nothing")
    func rejectedRecipient() async throws {
        try await withSink(["--reject", "ghost@example.com"]) { sink in
            let mailer = try SMTPMailer(configuration: Self.configuration(port: sink.port))
            let message = try Self.message(to: ["wanjiru@example.co.ke", "ghost@example.com"], text: "x\n")
            let error = await #expect(throws: MailError.self) { try await mailer.send(message) }
            guard case .rejected(let code, let text)? = error else {
                Issue.record("expected rejected(550, …), got \(String(describing: error))")
                return
            }
            #expect(code == 550)
            #expect(text.contains("ghost@example.com"))
            #expect(try sink.received().isEmpty)
        }
    }

    @Test("a server without EHLO is greeted with HELO and still gets the message")
    func heloFallback() async throws {
        try await withSink(["--no-ehlo"]) { sink in
            try await SMTPMailer(configuration: Self.configuration(port: sink.port)).send(Self.message(text: "x\n"))
            #expect(try sink.received().map(\.rcpt_tos) == [["wanjiru@example.co.ke"]])
        }
    }

    @Test("AUTH PLAIN, or LOGIN when that is all the server offers, logs in with the configured credentials", arguments: [[String](), ["--exclude-auth", "PLAIN"]])
    func authentication(extra: [String]) async throws {
        try await withSink(["--user", "relay-user:s3cret pass"] + extra) { sink in
            let configuration = Self.configuration(port: sink.port) {
                $0.credentials = .init(username: "relay-user", password: "s3cret pass")
                $0.allowsInsecureAuthentication = true
            }
            try await SMTPMailer(configuration: configuration).send(Self.message(text: "x\n"))
            #expect(try sink.received().map(\.auth_login) == ["relay-user"])
        }
    }

    @Test("a wrong password gives rejected(535)")
    func wrongPassword() async throws {
        try await withSink(["--user", "relay-user:right"]) { sink in
            let configuration = Self.configuration(port: sink.port) {
                $0.credentials = .init(username: "relay-user", password: "wrong")
                $0.allowsInsecureAuthentication = true
            }
            let error = await #expect(throws: MailError.self) { try await SMTPMailer(configuration: configuration).send(Self.message(text: "x\n")) }
            guard case .rejected(535, _)? = error else {
                Issue.record("expected rejected(535, …), got \(String(describing: error))")
                return
            }
            let received = try sink.received()
            #expect(received.isEmpty)
        }
    }

    @Test("STARTTLS required but not offered fails before any mail is sent")
    func startTLSNotOffered() async throws {
        try await withSink { sink in
            let mailer = try SMTPMailer(configuration: Self.configuration(port: sink.port) { $0.tls = .startTLS })
            let error = await #expect(throws: MailError.self) { try await mailer.send(Self.message(text: "x\n")) }
            guard case .tlsFailed(let reason)? = error else {
                Issue.record("expected tlsFailed, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("STARTTLS"))
            #expect(try sink.received().isEmpty)
        }
    }

    @Test("credentials over plain text are refused when the mailer is created")
    func insecureAuthentication() {
        #expect {
            try SMTPMailer(configuration: Self.configuration(port: 25) { $0.credentials = .init(username: "u", password: "p") })
        } throws: { error in
            if case .tlsFailed(let reason)? = error as? MailError { return reason.contains("clear text") }
            return false
        }
        #expect(throws: MailError.self) { try SMTPMailer(configuration: Self.configuration(port: 25) { $0.heloName = "evil\r\nRCPT TO:<x@y.z>" }) }
    }

    @Test("connecting to a closed port gives unreachable, not a timeout")
    func closedPort() async throws {
        let closed = try SilentListener.closedPort()
        defer { closed.stop() }
        let mailer = try SMTPMailer(configuration: Self.configuration(port: closed.port))
        let error = await #expect(throws: MailError.self) { try await mailer.send(Self.message(text: "x\n")) }
        guard case .unreachable(let host, let port, _)? = error else {
            Issue.record("expected unreachable, got \(String(describing: error))")
            return
        }
        #expect(host == "127.0.0.1" && port == closed.port)
    }

    @Test("a server that accepts the connection but never speaks gives timedOut after the command timeout")
    func silentServer() async throws {
        let listener = try SilentListener()
        defer { listener.stop() }
        let configuration = Self.configuration(port: listener.port) { $0.commandTimeout = .milliseconds(300) }
        let mailer = try SMTPMailer(configuration: configuration)
        let started = ContinuousClock.now
        let error = await #expect(throws: MailError.self) { try await mailer.send(Self.message(text: "x\n")) }
        let elapsed = ContinuousClock.now - started
        #expect(error == .timedOut(waitingFor: "the 220 greeting", after: .milliseconds(300)))
        // Only the lower bound is timing-safe; the error itself says which timeout fired.
        #expect(elapsed >= .milliseconds(300), "took \(elapsed)")
    }

    @Test("a header injection attempt is refused before any connection is made")
    func injectionBeforeNetwork() async throws {
        let listener = try SilentListener()
        defer { listener.stop() }
        let mailer = try SMTPMailer(configuration: Self.configuration(port: listener.port))
        await #expect(throws: MailError.self) {
            try await mailer.send(Self.message(to: ["a@b.c\r\nBcc: x@y.z"], text: "x\n"))
        }
        await #expect(throws: MailError.self) { try await mailer.send(Self.message(subject: "Hi\r\nBcc: x@y.z", text: "x\n")) }
        #expect(!listener.hasPendingConnection, "nothing connected to the server")
    }
}
