import NIOSSL

/// Where and how `SMTPMailer` delivers: the server, its TLS mode, credentials and how long to wait for each step.
public struct SMTPConfiguration: Sendable {
    /// How the connection is protected.
    public enum TLSMode: Sendable, Equatable {
        /// Plain text throughout: only for a local relay or a test sink.
        case none
        /// Plain connection upgraded with STARTTLS (usually port 587); fails if the server does not offer it,
        /// so a man in the middle cannot strip TLS by hiding the extension.
        case startTLS
        /// TLS from the first byte (usually port 465).
        case implicit
    }

    /// A user name and password for SMTP AUTH (PLAIN preferred, LOGIN otherwise).
    public struct Credentials: Sendable, Equatable, CustomStringConvertible {
        public var username: String
        public var password: String

        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }

        /// Never shows the password, so a configuration can be logged.
        public var description: String { "\(username) (password redacted)" }
    }

    public var host: String
    public var port: Int
    public var tls: TLSMode
    /// Certificate verification and trust roots for `.startTLS` and `.implicit`; the system's by default.
    public var tlsConfiguration: TLSConfiguration
    public var credentials: Credentials?
    /// Allows AUTH over an unencrypted connection; only sensible for a relay on the same machine.
    public var allowsInsecureAuthentication: Bool
    /// The name this client gives in EHLO/HELO: the sending host's fully qualified domain name.
    public var heloName: String
    /// The envelope sender (`MAIL FROM`, where bounces go); `nil` uses each message's From address.
    public var sender: MailAddress?
    public var connectTimeout: Duration
    /// How long to wait for each reply (and for each command to be written).
    public var commandTimeout: Duration
    /// How long to wait for the reply after the message data: servers scan the message then (RFC 5321 allows 10 minutes).
    public var dataTimeout: Duration

    public init(
        host: String,
        port: Int,
        tls: TLSMode,
        tlsConfiguration: TLSConfiguration = .makeClientConfiguration(),
        credentials: Credentials? = nil,
        allowsInsecureAuthentication: Bool = false,
        heloName: String = "localhost",
        sender: MailAddress? = nil,
        connectTimeout: Duration = .seconds(10),
        commandTimeout: Duration = .seconds(60),
        dataTimeout: Duration = .seconds(120)
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.tlsConfiguration = tlsConfiguration
        self.credentials = credentials
        self.allowsInsecureAuthentication = allowsInsecureAuthentication
        self.heloName = heloName
        self.sender = sender
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.dataTimeout = dataTimeout
    }
}
