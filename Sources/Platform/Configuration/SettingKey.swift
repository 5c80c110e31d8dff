/// One documented setting: its configuration key, the environment variable that sets it, its default and meaning.
///
/// The README's configuration table and `mpesa config` are both generated from ``SettingKey/all``, and a test
/// checks the README lists every key, so documentation and code cannot drift apart.
public struct SettingKey: Sendable, Hashable {
    /// The dotted key as used in the JSON file, e.g. `gateway.port` (JSON: `{"gateway": {"port": 9000}}`).
    public let key: String
    public let defaultValue: String
    public let summary: String

    /// The environment variable name, derived the way swift-configuration derives it (`gateway.port` → `GATEWAY_PORT`).
    public var environmentVariable: String {
        var result = ""
        var previous: Character?
        for character in key {
            if character == "." || character == "-" {
                result.append("_")
            } else if character.isUppercase, let previous, previous.isLowercase || previous.isNumber {
                result.append("_")
                result.append(character)
            } else {
                result.append(Character(character.uppercased()))
            }
            previous = character
        }
        return result
    }

    public init(_ key: String, default defaultValue: String, _ summary: String) {
        self.key = key
        self.defaultValue = defaultValue
        self.summary = summary
    }

    public static let dataDirectory = SettingKey("data.dir", default: "./data", "Directory of the embedded SQLite databases and local files")
    public static let databaseURL = SettingKey("database.url", default: "(unset: SQLite)", "`postgres://user:pass@host:5432/db?sslmode=disable` switches every service to PostgreSQL")
    public static let databasePoolSize = SettingKey("database.poolSize", default: "10", "PostgreSQL connections per service process")
    public static let bindHost = SettingKey("bind.host", default: "127.0.0.1", "Address every service listens on (`0.0.0.0` in containers)")
    public static let logLevel = SettingKey("log.level", default: "info", "trace, debug, info, notice, warning, error or critical")
    public static let logFormat = SettingKey("log.format", default: "json", "`json` (one object per line) or `text`")
    public static let maxBodyBytes = SettingKey("http.maxBodyBytes", default: "1048576", "Largest request body a service accepts, in bytes (413 beyond it)")
    public static let parserMaxUploadBytes = SettingKey("parser.maxUploadBytes", default: "20971520", "Largest statement upload, in bytes")
    public static let upstreamTimeoutMilliseconds = SettingKey("http.upstreamTimeoutMs", default: "10000", "Timeout of one service-to-service call")
    public static let jwksURL = SettingKey("jwks.url", default: "(auth URL)/.well-known/jwks.json", "Where every service fetches the public keys that verify access tokens")
    public static let jwtIssuer = SettingKey("jwt.issuer", default: "mpesa-auth", "Required `iss` of access tokens")
    public static let jwtAudience = SettingKey("jwt.audience", default: "mpesa-api", "Required `aud` of access tokens")
    public static let otlpEndpoint = SettingKey("otel.exporter.otlp.endpoint", default: "(unset: no export)", "OTLP/HTTP collector, e.g. `http://localhost:4318`; enables trace export")
    public static let eventPollMilliseconds = SettingKey("events.pollMs", default: "250", "How often event consumers poll when no wake-up arrives")
    public static let eventPartitions = SettingKey("events.partitions", default: "4", "Partitions per event topic (consumers of one group share them)")
    public static let configFile = SettingKey("config.file", default: "./mpesa.json", "JSON configuration file (read if present; environment wins)")
    public static let envFile = SettingKey("env.file", default: "./.env", "`.env` file of `KEY=value` lines (read if present; real environment wins)")

    public static let internalServiceKey = SettingKey("internal.serviceKey", default: "(generated into <data dir>/internal.key)", "Base64 32-byte key services sign internal calls with; set the same value on every host")
    public static let publicURL = SettingKey("public.url", default: "http://localhost:9000", "Where users reach the platform; links in e-mails point here")
    public static let authKeyEncryptionKey = SettingKey("auth.keyEncryptionKey", default: "(generated into <data dir>/auth/keys.key)", "Base64 32-byte key that encrypts the token-signing keys at rest")
    public static let authBcryptCost = SettingKey("auth.bcryptCost", default: "12", "bcrypt cost of password hashes (4-16)")
    public static let authAccessTokenSeconds = SettingKey("auth.accessTokenSeconds", default: "900", "Lifetime of access tokens")
    public static let authRefreshTokenDays = SettingKey("auth.refreshTokenDays", default: "30", "Lifetime of a session (its refresh tokens)")
    public static let mailTransport = SettingKey("mail.transport", default: "mailbox", "`mailbox` (files under <data dir>/mail, see `mpesa mail`) or `smtp`")
    public static let mailFrom = SettingKey("mail.from", default: "M-PESA Analytics <no-reply@localhost>", "Sender of the platform's e-mail")
    public static let smtpHost = SettingKey("smtp.host", default: "localhost", "SMTP server")
    public static let smtpPort = SettingKey("smtp.port", default: "587", "SMTP port")
    public static let smtpUsername = SettingKey("smtp.username", default: "(none)", "SMTP user name, when the server needs one")
    public static let smtpPassword = SettingKey("smtp.password", default: "(none)", "SMTP password")
    public static let smtpTLS = SettingKey("smtp.tls", default: "starttls", "`none`, `starttls` or `implicit`")
    public static let tenantDeletionGraceDays = SettingKey("tenant.deletionGraceDays", default: "30", "Days a deleted organisation can still be restored")

    /// The per-service port and URL settings, e.g. `auth.port` / `AUTH_PORT` and `auth.url` / `AUTH_URL`.
    public static func port(of service: ServiceName) -> SettingKey {
        SettingKey("\(service.rawValue).port", default: "\(service.defaultPort)", "Port of the \(service.rawValue) service")
    }

    public static func url(of service: ServiceName) -> SettingKey {
        SettingKey(
            "\(service.rawValue).url",
            default: "http://127.0.0.1:\(service.defaultPort)",
            "Base URL other services use to reach \(service.rawValue) (set it when services run on different hosts)"
        )
    }

    /// Every setting, in the order the README documents them.
    public static var all: [SettingKey] {
        [
            dataDirectory, databaseURL, databasePoolSize, bindHost, logLevel, logFormat, maxBodyBytes,
            parserMaxUploadBytes, upstreamTimeoutMilliseconds, jwksURL, jwtIssuer, jwtAudience, otlpEndpoint,
            eventPollMilliseconds, eventPartitions, configFile, envFile, internalServiceKey, publicURL, authKeyEncryptionKey,
            authBcryptCost, authAccessTokenSeconds, authRefreshTokenDays, mailTransport, mailFrom, smtpHost, smtpPort, smtpUsername,
            smtpPassword, smtpTLS, tenantDeletionGraceDays,
        ] + ServiceName.allCases.map(port(of:)) + ServiceName.upstreams.map(url(of:)) + GatewaySettings.keys
    }

    /// The configuration table in Markdown, as the README shows it.
    public static var markdownTable: String {
        var lines = ["| environment variable | JSON key | default | meaning |", "|---|---|---|---|"]
        for setting in all {
            lines.append("| `\(setting.environmentVariable)` | `\(setting.key)` | \(setting.defaultValue) | \(setting.summary) |")
        }
        return lines.joined(separator: "\n")
    }
}
