import Foundation
import NIOSSL
import Testing
@testable import Platform

/// STARTTLS and implicit TLS against the real sink with a throw-away certificate for `localhost`.
@Suite("SMTP mailer over TLS")
struct SMTPMailerTLSTests {
    /// Trusts only the sink's own certificate, as a client of a private relay would.
    static func configuration(sink: SMTPSink, tls: SMTPConfiguration.TLSMode, trustSink: Bool = true) throws -> SMTPConfiguration {
        var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
        if trustSink {
            tlsConfiguration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(sink.directory.appendingPathComponent("cert.pem").path))
        }
        return SMTPConfiguration(
            host: "localhost", port: sink.port, tls: tls, tlsConfiguration: tlsConfiguration, heloName: "auth.mpesa.test",
            connectTimeout: .seconds(5), commandTimeout: .seconds(10), dataTimeout: .seconds(10)
        )
    }

    private func withSink(_ arguments: [String], _ body: (SMTPSink) async throws -> Void) async throws {
        let sink = try await SMTPSink.start(arguments: arguments)
        defer { sink.stop() }
        try await body(sink)
    }

    @Test("over STARTTLS or implicit TLS the client verifies the certificate, authenticates and delivers", arguments: [SMTPConfiguration.TLSMode.startTLS, .implicit])
    func delivered(mode: SMTPConfiguration.TLSMode) async throws {
        let flag = mode == .startTLS ? "starttls" : "implicit"
        try await withSink(["--tls", flag, "--user", "relay:pa55"]) { sink in
            var configuration = try Self.configuration(sink: sink, tls: mode)
            configuration.credentials = .init(username: "relay", password: "pa55")
            let message = try SMTPMailerTests.message(subject: "Karibu — statement ready ✓", text: "Over TLS ✓\n")
            try await SMTPMailer(configuration: configuration).send(message)
            let mail = try #require(try sink.received().first)
            #expect(mail.tls)
            #expect(mail.auth_login == "relay")
            #expect(mail.content == message.rfc5322())
        }
    }

    @Test("a certificate the client does not trust gives tlsFailed and delivers nothing", arguments: [SMTPConfiguration.TLSMode.startTLS, .implicit])
    func untrusted(mode: SMTPConfiguration.TLSMode) async throws {
        try await withSink(["--tls", mode == .startTLS ? "starttls" : "implicit"]) { sink in
            let mailer = try SMTPMailer(configuration: Self.configuration(sink: sink, tls: mode, trustSink: false))
            let error = await #expect(throws: MailError.self) { try await mailer.send(SMTPMailerTests.message(text: "x\n")) }
            guard case .tlsFailed? = error else {
                Issue.record("expected tlsFailed, got \(String(describing: error))")
                return
            }
            let received = try sink.received()
            #expect(received.isEmpty)
        }
    }
}
