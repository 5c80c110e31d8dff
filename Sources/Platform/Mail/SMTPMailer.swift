import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Delivers mail to an SMTP server (a relay or a provider's submission port) over SwiftNIO, one connection per
/// message: the platform sends a few messages a minute, so pooling would add state without saving anything.
public struct SMTPMailer: Mailer {
    public let configuration: SMTPConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    /// Built once: loading trust roots is far more expensive than a handshake.
    private let sslContext: NIOSSLContext?

    /// Checks the configuration up front, so a bad one fails at start-up rather than on the first e-mail.
    public init(
        configuration: SMTPConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "smtp")
    ) throws(MailError) {
        let helo = configuration.heloName
        guard !helo.isEmpty, helo.utf8.count <= 255,
              helo.utf8.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") })
        else {
            throw .invalidAddress(address: helo, reason: "the HELO name must be this host's name (mail.example.com) or an address literal ([192.0.2.1])")
        }
        if configuration.credentials != nil && configuration.tls == .none && !configuration.allowsInsecureAuthentication {
            throw .tlsFailed(
                reason: "credentials are configured but tls is .none, which would send the password in clear text; use .startTLS or .implicit (or set allowsInsecureAuthentication for a relay on this machine)"
            )
        }
        if configuration.tls == .none {
            sslContext = nil
        } else {
            do {
                sslContext = try NIOSSLContext(configuration: configuration.tlsConfiguration)
            } catch {
                throw .tlsFailed(reason: "the TLS configuration is unusable: \(error)")
            }
        }
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    public func send(_ message: MailMessage) async throws(MailError) {
        let payload = SMTPCommand.dataPayload(message.rfc5322())
        let sender = configuration.sender?.address ?? message.from.address
        let recipients = message.to.map(\.address)
        let channel = try await connect()
        let configuration = configuration
        let sslContext = sslContext
        let logger = logger
        do {
            try await channel.executeThenClose { inbound, outbound in
                var conversation = SMTPConversation(
                    channel: channel.channel, replies: inbound.makeAsyncIterator(), outbound: outbound,
                    configuration: configuration, sslContext: sslContext, logger: logger
                )
                try await conversation.deliver(from: sender, to: recipients, payload: payload)
            }
        } catch {
            throw SMTPConversation.classify(error, host: configuration.host, port: configuration.port, step: "closing the connection")
        }
        logger.debug("SMTP server accepted the message", metadata: ["message_id": "\(message.messageID)", "recipients": "\(recipients.count)"])
    }

    private func connect() async throws(MailError) -> NIOAsyncChannel<SMTPReply, ByteBuffer> {
        let implicitTLS = configuration.tls == .implicit ? sslContext : nil
        let hostname = Self.serverNameIndication(for: configuration.host)
        do {
            return try await ClientBootstrap(group: eventLoopGroup)
                .connectTimeout(TimeAmount(configuration.connectTimeout))
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .connect(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let implicitTLS {
                            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: implicitTLS, serverHostname: hostname))
                        }
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                        return try NIOAsyncChannel<SMTPReply, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch ChannelError.connectTimeout {
            throw .unreachable(host: configuration.host, port: configuration.port, reason: "no connection within \(configuration.connectTimeout)")
        } catch let error as NIOConnectionError {
            let reasons = error.connectionErrors.map { "\($0.target): \($0.error)" } + [error.dnsAError, error.dnsAAAAError].compactMap { $0.map { "DNS: \($0)" } }
            throw .unreachable(host: configuration.host, port: configuration.port, reason: reasons.isEmpty ? "\(error)" : reasons.joined(separator: "; "))
        } catch {
            throw .unreachable(host: configuration.host, port: configuration.port, reason: "\(error)")
        }
    }

    /// SNI carries host names only; for an IP literal there is nothing to send.
    static func serverNameIndication(for host: String) -> String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }
}
