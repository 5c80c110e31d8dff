import Foundation

/// The gateway's own settings (route table, timeouts, resilience, rate limits, CORS, static files), validated at
/// start-up like every other setting. A JSON route table (`gateway.routesFile`) can refine them per upstream; the
/// gateway merges the two, the environment winning.
public struct GatewaySettings: Sendable, Equatable {
    public enum Balancing: String, Sendable, Equatable {
        case roundRobin = "round_robin"
        case leastOutstanding = "least_outstanding"
    }

    public enum RateLimitMode: String, Sendable, Equatable {
        /// Over-limit requests get 429.
        case enforce
        /// Limits are computed, reported in headers and metrics, but nothing is refused (to try new limits safely).
        case shadow
        case off
    }

    /// A quota per window, written `120/60s` (or `/60`, `/1m`, `/1h`).
    public struct Quota: Sendable, Equatable, CustomStringConvertible {
        public var requests: Int64
        public var windowSeconds: Int64

        public init(requests: Int64, windowSeconds: Int64) {
            self.requests = requests
            self.windowSeconds = windowSeconds
        }

        public init?(parsing text: String) {
            let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", maxSplits: 1)
            guard parts.count == 2, let requests = Int64(parts[0]), requests > 0 else { return nil }
            var window = String(parts[1])
            var unit: Int64 = 1
            if window.hasSuffix("s") {
                window.removeLast()
            } else if window.hasSuffix("m") {
                window.removeLast()
                unit = 60
            } else if window.hasSuffix("h") {
                window.removeLast()
                unit = 3600
            }
            guard let count = Int64(window), count > 0, count * unit <= 86_400 else { return nil }
            self.requests = requests
            self.windowSeconds = count * unit
        }

        public var description: String { "\(requests)/\(windowSeconds)s" }
    }

    public var routesFile: String?
    /// Replicas per upstream from `gateway.replicas.<service>`; services not listed use their `<SERVICE>_URL`.
    public var replicas: [ServiceName: [String]]
    public var balancing: Balancing
    public var connectTimeout: Duration
    public var readTimeout: Duration
    /// A client must finish sending a request head within this time of its connection becoming idle (slowloris).
    public var headerTimeout: Duration
    public var retries: Int
    public var maxConcurrentPerUpstream: Int
    public var breakerConsecutiveFailures: Int
    public var breakerFailureRatePercent: Int
    public var breakerOpenDuration: Duration
    public var healthCheckInterval: Duration
    public var rateLimitMode: RateLimitMode
    public var anonymousQuota: Quota
    /// Rate-limit buckets kept at most (memory stays bounded whatever the number of clients).
    public var rateLimitMaxKeys: Int
    public var corsOrigins: [String]
    /// Extra public routes (`POST /api/v1/foo/bar`, a trailing `*` matching a prefix), added to the built-in ones.
    public var publicRoutes: [String]
    public var staticDirectory: String

    public static func replicasKey(_ service: ServiceName) -> SettingKey {
        SettingKey(
            "gateway.replicas.\(service.rawValue)",
            default: "(the \(service.rawValue) URL)",
            "Comma-separated base URLs of \(service.rawValue) replicas the gateway balances across"
        )
    }

    public static let routesFileKey = SettingKey("gateway.routesFile", default: "(none)", "JSON route table: replicas, timeouts, body limits per upstream; public routes; CORS origins (docs/gateway.md)")
    public static let balancingKey = SettingKey("gateway.balance", default: "least_outstanding", "`round_robin` or `least_outstanding` across an upstream's replicas")
    public static let connectTimeoutKey = SettingKey("gateway.connectTimeoutMs", default: "1000", "Time to open a connection to an upstream")
    public static let readTimeoutKey = SettingKey("gateway.readTimeoutMs", default: "30000", "Time an upstream may take to start answering, and between two chunks of its answer")
    public static let headerTimeoutKey = SettingKey("gateway.headerTimeoutMs", default: "10000", "Time a client has to send a request head (closes slowloris connections)")
    public static let retriesKey = SettingKey("gateway.retries", default: "2", "Retries of an idempotent request after a connection failure, 502/503/504 or timeout (within a 20% budget)")
    public static let maxConcurrentKey = SettingKey("gateway.maxConcurrent", default: "1024", "Requests in flight to one upstream before the gateway answers 503")
    public static let breakerFailuresKey = SettingKey("gateway.breaker.consecutiveFailures", default: "5", "Consecutive failures that open an upstream's circuit breaker")
    public static let breakerRateKey = SettingKey("gateway.breaker.failureRatePercent", default: "50", "Failure rate over the last 10 s (at least 20 requests) that opens the breaker")
    public static let breakerOpenKey = SettingKey("gateway.breaker.openMs", default: "5000", "How long an open breaker refuses before letting a probe through (doubles on each reopening, up to 60 s)")
    public static let healthCheckKey = SettingKey("gateway.healthCheckMs", default: "5000", "Interval of the active health checks of each replica (`GET /health`)")
    public static let rateLimitModeKey = SettingKey("gateway.rateLimit.mode", default: "enforce", "`enforce`, `shadow` (report only) or `off`")
    public static let anonymousQuotaKey = SettingKey("gateway.rateLimit.anonymous", default: "120/60s", "Requests per window per client IP on public routes (tenants get their plan's limit)")
    public static let rateLimitMaxKeysKey = SettingKey("gateway.rateLimit.maxKeys", default: "100000", "Rate-limit buckets kept in memory at most; the least recently used are dropped first")
    public static let corsOriginsKey = SettingKey("gateway.corsOrigins", default: "(the public URL)", "Comma-separated origins allowed to call the API from a browser (`*` for any, without credentials)")
    public static let publicRoutesKey = SettingKey("gateway.publicRoutes", default: "(none)", "Comma-separated extra routes that need no token, e.g. `GET /api/v1/billing/plans`, `POST /api/v1/payment/callbacks/*`")
    public static let staticDirectoryKey = SettingKey("gateway.staticDir", default: "./dashboard/dist", "The dashboard's built files, served at `/`")

    static var keys: [SettingKey] {
        [
            routesFileKey, balancingKey, connectTimeoutKey, readTimeoutKey, headerTimeoutKey, retriesKey, maxConcurrentKey,
            breakerFailuresKey, breakerRateKey, breakerOpenKey, healthCheckKey, rateLimitModeKey, anonymousQuotaKey,
            rateLimitMaxKeysKey, corsOriginsKey, publicRoutesKey, staticDirectoryKey,
        ] + ServiceName.upstreams.map(replicasKey)
    }

    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    init(values: SettingsReader, serviceURLs: [ServiceName: String], publicURL: String) throws {
        routesFile = values.string(Self.routesFileKey).flatMap { $0.isEmpty ? nil : $0 }
        var replicas: [ServiceName: [String]] = [:]
        for service in ServiceName.upstreams {
            let listed = Self.list(values.string(Self.replicasKey(service)))
            for url in listed {
                guard let parsed = URL(string: url), parsed.scheme == "http", parsed.host != nil else {
                    throw ConfigurationError(key: Self.replicasKey(service).environmentVariable, problem: "'\(url)' is not an http URL (the gateway speaks plain HTTP to replicas)")
                }
            }
            replicas[service] = listed.isEmpty ? [serviceURLs[service]!] : listed.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        }
        self.replicas = replicas
        let balance = values.string(Self.balancingKey) ?? "least_outstanding"
        guard let balancing = Balancing(rawValue: balance) else {
            throw ConfigurationError(key: Self.balancingKey.environmentVariable, problem: "'\(balance)' is not round_robin or least_outstanding")
        }
        self.balancing = balancing
        connectTimeout = .milliseconds(try values.int(Self.connectTimeoutKey, default: 1000, in: 10...60_000))
        readTimeout = .milliseconds(try values.int(Self.readTimeoutKey, default: 30_000, in: 10...600_000))
        headerTimeout = .milliseconds(try values.int(Self.headerTimeoutKey, default: 10_000, in: 100...600_000))
        retries = try values.int(Self.retriesKey, default: 2, in: 0...5)
        maxConcurrentPerUpstream = try values.int(Self.maxConcurrentKey, default: 1024, in: 1...1_000_000)
        breakerConsecutiveFailures = try values.int(Self.breakerFailuresKey, default: 5, in: 1...1000)
        breakerFailureRatePercent = try values.int(Self.breakerRateKey, default: 50, in: 1...100)
        breakerOpenDuration = .milliseconds(try values.int(Self.breakerOpenKey, default: 5000, in: 10...600_000))
        healthCheckInterval = .milliseconds(try values.int(Self.healthCheckKey, default: 5000, in: 50...600_000))
        let mode = values.string(Self.rateLimitModeKey) ?? "enforce"
        guard let rateLimitMode = RateLimitMode(rawValue: mode) else {
            throw ConfigurationError(key: Self.rateLimitModeKey.environmentVariable, problem: "'\(mode)' is not enforce, shadow or off")
        }
        self.rateLimitMode = rateLimitMode
        let quota = values.string(Self.anonymousQuotaKey) ?? "120/60s"
        guard let anonymousQuota = Quota(parsing: quota) else {
            throw ConfigurationError(key: Self.anonymousQuotaKey.environmentVariable, problem: "'\(quota)' is not a quota like 120/60s (requests/window, window at most a day)")
        }
        self.anonymousQuota = anonymousQuota
        rateLimitMaxKeys = try values.int(Self.rateLimitMaxKeysKey, default: 100_000, in: 16...10_000_000)
        let origins = Self.list(values.string(Self.corsOriginsKey))
        corsOrigins = origins.isEmpty ? [Self.origin(of: publicURL)] : origins
        publicRoutes = Self.list(values.string(Self.publicRoutesKey))
        for route in publicRoutes where route.split(separator: " ").count != 2 || !route.contains("/") {
            throw ConfigurationError(key: Self.publicRoutesKey.environmentVariable, problem: "'\(route)' is not `METHOD /path` (a trailing * matches a prefix)")
        }
        staticDirectory = values.string(Self.staticDirectoryKey).flatMap { $0.isEmpty ? nil : $0 } ?? "./dashboard/dist"
    }

    /// `scheme://host[:port]` of a URL: the form browsers send in `Origin`.
    static func origin(of url: String) -> String {
        guard let parsed = URL(string: url), let scheme = parsed.scheme, let host = parsed.host else { return url }
        return parsed.port.map { "\(scheme)://\(host):\($0)" } ?? "\(scheme)://\(host)"
    }
}
