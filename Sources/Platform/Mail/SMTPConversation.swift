import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL

/// One SMTP session on an open channel, from the greeting to QUIT; every step has a deadline and every failure
/// becomes the `MailError` that says which step went wrong.
struct SMTPConversation {
    let channel: any Channel
    var replies: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let configuration: SMTPConfiguration
    /// Present when TLS is configured; STARTTLS adds a handler made from it.
    let sslContext: NIOSSLContext?
    let logger: Logger

    /// Hands `payload` (dot-stuffed message data) to the server for `recipients`, then says goodbye.
    mutating func deliver(from sender: String, to recipients: [String], payload: [UInt8]) async throws(MailError) {
        do throws(MailError) {
            let greeting = try await exchange(nil, waitingFor: "the 220 greeting")
            try require(greeting, 220..<300)
            var capabilities = try await hello()
            if configuration.tls == .startTLS {
                guard capabilities.supportsStartTLS else {
                    throw MailError.tlsFailed(reason: "the server does not offer STARTTLS; use tls: .implicit (port 465) or ask the provider for the submission port 587")
                }
                try require(try await exchange(.startTLS, waitingFor: "the reply to STARTTLS"), 220..<300)
                try await startTLS()
                capabilities = try await hello()  // RFC 3207 §4.2: forget what was said before TLS
            }
            if let credentials = configuration.credentials {
                try await authenticate(credentials, capabilities: capabilities)
            }
            let size = capabilities.extensions["SIZE"] != nil ? payload.count : nil
            try require(try await exchange(.mailFrom(sender, size: size), waitingFor: "the reply to MAIL FROM"), 200..<300)
            for recipient in recipients {
                try require(try await exchange(.rcptTo(recipient), waitingFor: "the reply to RCPT TO:<\(recipient)>"), 200..<300)
            }
            try require(try await exchange(.data, waitingFor: "the reply to DATA"), 300..<400)
            let accepted = try await exchange(
                bytes: payload, waitingFor: "the reply after the message data", timeout: configuration.dataTimeout
            )
            try require(accepted, 200..<300)
        } catch {
            if case .rejected = error { await quitQuietly() }
            throw error
        }
        // The message is accepted: a failed QUIT changes nothing for the caller.
        await quitQuietly()
    }

    /// EHLO, or HELO for a server that does not know EHLO (it answers 500-504).
    private mutating func hello() async throws(MailError) -> SMTPCapabilities {
        let ehlo = try await exchange(.ehlo(configuration.heloName), waitingFor: "the reply to EHLO")
        if ehlo.isPositive { return SMTPCapabilities(ehloReply: ehlo) }
        guard (500...504).contains(ehlo.code) else { throw MailError.rejected(code: ehlo.code, message: ehlo.message) }
        try require(try await exchange(.helo(configuration.heloName), waitingFor: "the reply to HELO"), 200..<300)
        return .none
    }

    /// AUTH PLAIN when offered (one round trip), else AUTH LOGIN.
    private mutating func authenticate(_ credentials: SMTPConfiguration.Credentials, capabilities: SMTPCapabilities) async throws(MailError) {
        let mechanisms = capabilities.authenticationMechanisms
        func base64(_ text: String) -> String { String(decoding: MIMEEncoding.base64(Array(text.utf8)), as: UTF8.self) }
        if mechanisms.contains("PLAIN") {
            let response = base64("\0\(credentials.username)\0\(credentials.password)")
            try require(try await exchange(.authPlain(initialResponse: response), waitingFor: "the reply to AUTH PLAIN"), 235..<236)
        } else if mechanisms.contains("LOGIN") {
            try require(try await exchange(.authLogin, waitingFor: "the user name challenge of AUTH LOGIN"), 334..<335)
            try require(try await exchange(.authResponse(base64(credentials.username)), waitingFor: "the password challenge of AUTH LOGIN"), 334..<335)
            try require(try await exchange(.authResponse(base64(credentials.password)), waitingFor: "the reply to AUTH LOGIN"), 235..<236)
        } else {
            let offered = mechanisms.isEmpty ? "none" : mechanisms.sorted().joined(separator: ", ")
            throw MailError.protocolViolation(
                reason: "credentials are configured but the server offers no AUTH mechanism this client speaks (PLAIN or LOGIN); it offers: \(offered)"
            )
        }
    }

    /// Puts TLS under the decoder; the server sends nothing until the handshake, which NIOSSL starts on the next write.
    private func startTLS() async throws(MailError) {
        guard let sslContext else { throw MailError.tlsFailed(reason: "no TLS context was configured") }
        let channel = self.channel
        let hostname = SMTPMailer.serverNameIndication(for: configuration.host)
        do {
            try await channel.eventLoop.submit {
                let handler = try NIOSSLClientHandler(context: sslContext, serverHostname: hostname)
                try channel.pipeline.syncOperations.addHandler(handler, position: .first)
            }.get()
        } catch {
            throw MailError.tlsFailed(reason: "\(error)")
        }
    }

    private func require(_ reply: SMTPReply, _ expected: Range<Int>) throws(MailError) {
        guard expected.contains(reply.code) else { throw MailError.rejected(code: reply.code, message: reply.message) }
    }

    private mutating func exchange(_ command: SMTPCommand?, waitingFor step: String) async throws(MailError) -> SMTPReply {
        if let command { logger.trace("SMTP client: \(command.loggable)") }
        return try await exchange(bytes: command.map { Array($0.line.utf8) }, waitingFor: step, timeout: configuration.commandTimeout)
    }

    /// Writes `bytes` (if any) and reads one reply, all within `timeout`; on expiry the channel is closed, which
    /// ends the pending write or read.
    private mutating func exchange(bytes: [UInt8]?, waitingFor step: String, timeout: Duration) async throws(MailError) -> SMTPReply {
        let expired = NIOLockedValueBox(false)
        let channel = self.channel
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            expired.withLockedValue { $0 = true }
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        let reply: SMTPReply?
        do {
            reply = try await writeThenRead(bytes)
        } catch {
            if expired.withLockedValue({ $0 }) { throw MailError.timedOut(waitingFor: step, after: timeout) }
            throw Self.classify(error, host: configuration.host, port: configuration.port, step: step)
        }
        guard let reply else {
            if expired.withLockedValue({ $0 }) { throw MailError.timedOut(waitingFor: step, after: timeout) }
            throw MailError.unreachable(
                host: configuration.host, port: configuration.port, reason: "the server closed the connection before \(step)"
            )
        }
        logger.trace("SMTP server: \(reply.code) \(reply.message)")
        return reply
    }

    /// When a write fails the read side usually knows why (a TLS alert, a 421 sent before the server hung up),
    /// so that reason wins over the write's bare "I/O on closed channel".
    private mutating func writeThenRead(_ bytes: [UInt8]?) async throws -> SMTPReply? {
        if let bytes {
            do {
                try await outbound.write(ByteBuffer(bytes: bytes))
            } catch let writeError {
                guard let pending = try await replies.next(), !pending.isPositive else { throw writeError }
                return pending
            }
        }
        return try await replies.next()
    }

    /// Best effort, briefly: the outcome is already decided.
    private mutating func quitQuietly() async {
        _ = try? await exchange(
            bytes: Array(SMTPCommand.quit.line.utf8), waitingFor: "the reply to QUIT", timeout: min(configuration.commandTimeout, .seconds(5))
        )
    }

    /// Maps what NIO or NIOSSL threw in the middle of a session to the error the caller can act on.
    static func classify(_ error: any Error, host: String, port: Int, step: String) -> MailError {
        switch error {
        case let error as MailError:
            return error
        case let error as SMTPReplyDecoder.DecodingError:
            return .protocolViolation(reason: "\(error) (while waiting for \(step))")
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            return .tlsFailed(
                reason: "\(error) while waiting for \(step); check that the server's certificate is valid for \(host) and trusted by tlsConfiguration, and that the TLS mode matches the port"
            )
        default:
            return .unreachable(host: host, port: port, reason: "\(error) while waiting for \(step)")
        }
    }
}
