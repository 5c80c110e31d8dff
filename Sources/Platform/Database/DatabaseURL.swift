import Foundation

/// A validated `postgres://` connection URL.
///
/// Parsing is strict so that a typo in `DATABASE_URL` stops start-up with one readable line instead of a
/// connection error minutes later. The password is never printed: ``redacted`` masks it.
public struct DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var requireTLS: Bool

    public init(host: String, port: Int = 5432, username: String, password: String?, database: String, requireTLS: Bool = false) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.requireTLS = requireTLS
    }

    public init(parsing text: String) throws(ConfigurationError) {
        let key = SettingKey.databaseURL.environmentVariable
        guard let components = URLComponents(string: text), let scheme = components.scheme else {
            throw ConfigurationError(key: key, problem: "not a URL; expected postgres://user:password@host:5432/database")
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw ConfigurationError(key: key, problem: "scheme '\(scheme)' is not supported; use postgres://… (leave it unset for the embedded SQLite store)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw ConfigurationError(key: key, problem: "the URL has no host; expected postgres://user:password@host:5432/database")
        }
        guard let user = components.user, !user.isEmpty else {
            throw ConfigurationError(key: key, problem: "the URL has no user name; expected postgres://user:password@host:5432/database")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw ConfigurationError(key: key, problem: "the URL names no database; expected postgres://user:password@host:5432/database")
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else {
            throw ConfigurationError(key: key, problem: "port \(port) is out of range")
        }
        var requireTLS = false
        for item in components.queryItems ?? [] where item.name == "sslmode" {
            switch item.value ?? "" {
            case "disable", "allow", "prefer": requireTLS = false
            case "require", "verify-ca", "verify-full": requireTLS = true
            default:
                throw ConfigurationError(key: key, problem: "sslmode '\(item.value ?? "")' is not one of disable, prefer, require, verify-full")
            }
        }
        self.init(
            host: host,
            port: port,
            username: user.removingPercentEncoding ?? user,
            password: components.password.map { $0.removingPercentEncoding ?? $0 },
            database: database.removingPercentEncoding ?? database,
            requireTLS: requireTLS
        )
    }

    /// The same server and credentials with another database (database-per-tenant homes).
    public func with(database: String) -> DatabaseURL {
        var copy = self
        copy.database = database
        return copy
    }

    /// The URL with the password masked, for logs and messages.
    public var redacted: String {
        "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }

    public var description: String { redacted }
}
