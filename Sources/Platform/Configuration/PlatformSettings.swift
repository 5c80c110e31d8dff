import Configuration
import Foundation
import Logging
import SystemPackage

/// The validated settings of one `mpesa` process, read from the environment, a `.env` file and a JSON file.
///
/// Precedence: real environment, then `.env`, then the JSON file, then the defaults in ``SettingKey``.
/// Every value is validated here, so a bad setting stops start-up with one line naming the variable.
public struct PlatformSettings: Sendable {
    public var dataDirectory: String
    public var databaseURL: DatabaseURL?
    public var databasePoolSize: Int
    public var bindHost: String
    public var ports: [ServiceName: Int]
    public var serviceURLs: [ServiceName: String]
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    public var maxBodyBytes: Int
    public var parserMaxUploadBytes: Int
    public var upstreamTimeout: Duration
    public var jwksURL: String
    public var jwtIssuer: String
    public var jwtAudience: String
    public var otlpEndpoint: String?
    public var eventPollInterval: Duration
    public var eventPartitions: Int
    public var internalServiceKey: String?
    public var publicURL: String
    public var authKeyEncryptionKey: String?
    public var authBcryptCost: Int
    public var authAccessTokenLifetime: Duration
    public var authRefreshTokenLifetime: Duration
    public var mail: MailSettings
    public var tenantDeletionGrace: Duration
    public var gateway: GatewaySettings

    /// Reads settings from the process environment, `.env` and the JSON configuration file.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> PlatformSettings {
        let envProvider = EnvironmentVariablesProvider(environmentVariables: environment)
        let bootstrap = ConfigReader(provider: envProvider)
        let envFile = bootstrap.string(forKey: ConfigKey(SettingKey.envFile.key), default: ".env")
        let configFile = bootstrap.string(forKey: ConfigKey(SettingKey.configFile.key), default: "mpesa.json")
        var providers: [any ConfigProvider] = [envProvider]
        do {
            providers.append(try await EnvironmentVariablesProvider(environmentFilePath: FilePath(envFile), allowMissing: true))
        } catch {
            throw ConfigurationError(key: SettingKey.envFile.environmentVariable, problem: "cannot read \(envFile): \(error)")
        }
        do {
            providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(configFile), allowMissing: true))
        } catch {
            throw ConfigurationError(key: SettingKey.configFile.environmentVariable, problem: "cannot read \(configFile) as JSON: \(error)")
        }
        return try PlatformSettings(reader: ConfigReader(providers: providers))
    }

    /// Builds validated settings from any configuration reader (tests use an in-memory one).
    public init(reader: ConfigReader) throws {
        let values = SettingsReader(reader: reader)
        dataDirectory = values.string(.dataDirectory) ?? "./data"
        databaseURL = try values.string(.databaseURL).flatMap { $0.isEmpty ? nil : try DatabaseURL(parsing: $0) }
        databasePoolSize = try values.int(.databasePoolSize, default: 10, in: 1...500)
        bindHost = values.string(.bindHost) ?? "127.0.0.1"
        var ports: [ServiceName: Int] = [:]
        var urls: [ServiceName: String] = [:]
        for service in ServiceName.allCases {
            ports[service] = try values.int(.port(of: service), default: service.defaultPort, in: 0...65535)
        }
        for service in ServiceName.allCases {
            let url = values.string(.url(of: service)) ?? "http://127.0.0.1:\(ports[service]!)"
            guard let parsed = URL(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme), parsed.host != nil
            else {
                throw ConfigurationError(key: SettingKey.url(of: service).environmentVariable, problem: "'\(url)' is not an http(s) URL")
            }
            urls[service] = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        self.ports = ports
        self.serviceURLs = urls
        let level = values.string(.logLevel) ?? "info"
        guard let logLevel = Logger.Level(rawValue: level.lowercased()) else {
            throw ConfigurationError(key: SettingKey.logLevel.environmentVariable, problem: "'\(level)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        self.logLevel = logLevel
        let format = values.string(.logFormat) ?? "json"
        guard let logFormat = LogFormat(rawValue: format.lowercased()) else {
            throw ConfigurationError(key: SettingKey.logFormat.environmentVariable, problem: "'\(format)' is not json or text")
        }
        self.logFormat = logFormat
        maxBodyBytes = try values.int(.maxBodyBytes, default: 1 << 20, in: 1024...(1 << 30))
        parserMaxUploadBytes = try values.int(.parserMaxUploadBytes, default: 20 << 20, in: 1024...(1 << 31))
        upstreamTimeout = .milliseconds(try values.int(.upstreamTimeoutMilliseconds, default: 10_000, in: 10...600_000))
        jwksURL = values.string(.jwksURL) ?? "\(urls[.auth]!)/.well-known/jwks.json"
        jwtIssuer = values.string(.jwtIssuer) ?? "mpesa-auth"
        jwtAudience = values.string(.jwtAudience) ?? "mpesa-api"
        otlpEndpoint = values.string(.otlpEndpoint).flatMap { $0.isEmpty ? nil : $0 }
        eventPollInterval = .milliseconds(try values.int(.eventPollMilliseconds, default: 250, in: 10...60_000))
        eventPartitions = try values.int(.eventPartitions, default: 4, in: 1...256)
        internalServiceKey = values.string(.internalServiceKey).flatMap { $0.isEmpty ? nil : $0 }
        publicURL = (values.string(.publicURL) ?? "http://localhost:9000").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        authKeyEncryptionKey = values.string(.authKeyEncryptionKey).flatMap { $0.isEmpty ? nil : $0 }
        authBcryptCost = try values.int(.authBcryptCost, default: 12, in: 4...16)
        authAccessTokenLifetime = .seconds(try values.int(.authAccessTokenSeconds, default: 900, in: 60...86_400))
        authRefreshTokenLifetime = .seconds(try values.int(.authRefreshTokenDays, default: 30, in: 1...365) * 86_400)
        let transport = values.string(.mailTransport) ?? "mailbox"
        guard let mailTransport = MailSettings.Transport(rawValue: transport) else {
            throw ConfigurationError(key: SettingKey.mailTransport.environmentVariable, problem: "'\(transport)' is not mailbox or smtp")
        }
        let tls = values.string(.smtpTLS) ?? "starttls"
        guard let smtpTLS = MailSettings.TLS(rawValue: tls) else {
            throw ConfigurationError(key: SettingKey.smtpTLS.environmentVariable, problem: "'\(tls)' is not none, starttls or implicit")
        }
        mail = MailSettings(
            transport: mailTransport,
            from: values.string(.mailFrom) ?? "M-PESA Analytics <no-reply@localhost>",
            smtpHost: values.string(.smtpHost) ?? "localhost",
            smtpPort: try values.int(.smtpPort, default: 587, in: 1...65535),
            smtpUsername: values.string(.smtpUsername).flatMap { $0.isEmpty ? nil : $0 },
            smtpPassword: values.string(.smtpPassword).flatMap { $0.isEmpty ? nil : $0 },
            smtpTLS: smtpTLS
        )
        tenantDeletionGrace = .seconds(try values.int(.tenantDeletionGraceDays, default: 30, in: 0...365) * 86_400)
        gateway = try GatewaySettings(values: values, serviceURLs: urls, publicURL: publicURL)
    }

    /// The address a service's server binds to.
    public func port(of service: ServiceName) -> Int { ports[service] ?? service.defaultPort }

    /// The base URL other services use to reach `service`.
    public func url(of service: ServiceName) -> String { serviceURLs[service] ?? "http://127.0.0.1:\(service.defaultPort)" }

    /// Settings for tests: everything default, overridden by `values` (keys as in ``SettingKey``).
    public static func testing(_ values: [String: String] = [:]) throws -> PlatformSettings {
        var environment: [String: String] = [:]
        for (key, value) in values {
            environment[SettingKey(key, default: "", "").environmentVariable] = value
        }
        return try PlatformSettings(reader: ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: environment)))
    }
}

/// Where the platform's e-mail goes.
public struct MailSettings: Sendable {
    public enum Transport: String, Sendable { case mailbox, smtp }
    public enum TLS: String, Sendable { case none, starttls, implicit }
    public var transport: Transport
    public var from: String
    public var smtpHost: String
    public var smtpPort: Int
    public var smtpUsername: String?
    public var smtpPassword: String?
    public var smtpTLS: TLS
}

/// How log lines are written.
public enum LogFormat: String, Sendable {
    case json
    case text
}

/// Reads raw strings and validates numbers itself, because swift-configuration silently falls back to the
/// default when a value does not convert, and a mistyped port must stop start-up instead.
struct SettingsReader {
    let reader: ConfigReader

    func string(_ setting: SettingKey) -> String? {
        let secret = [SettingKey.databaseURL, .internalServiceKey, .authKeyEncryptionKey, .smtpPassword].contains(setting)
        return reader.string(forKey: ConfigKey(setting.key), isSecret: secret)
            ?? reader.int(forKey: ConfigKey(setting.key)).map(String.init)
    }

    func int(_ setting: SettingKey, default defaultValue: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = string(setting) else { return defaultValue }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw ConfigurationError(
                key: setting.environmentVariable,
                problem: "'\(text)' is not a whole number between \(range.lowerBound) and \(range.upperBound)"
            )
        }
        return value
    }
}
