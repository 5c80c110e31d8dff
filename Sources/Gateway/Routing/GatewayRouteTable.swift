import Foundation
import Platform

/// The gateway's routing and edge policy: every upstream with its replicas and limits, the public routes and the
/// CORS origins. Built from the settings (environment) and refined by the JSON route table (`gateway.routesFile`);
/// a value set in the environment wins over the file, which wins over the defaults.
///
/// ```json
/// {"upstreams": {"analytics": {"replicas": ["http://10.0.0.5:8000", "http://10.0.0.6:8000"], "balance": "round_robin",
///   "connect_timeout_ms": 500, "read_timeout_ms": 60000, "retries": 1, "max_concurrent": 256, "max_body_bytes": 20971520}},
///  "public_routes": ["GET /api/v1/billing/plans"], "cors_origins": ["https://app.example.co.ke"]}
/// ```
struct GatewayRouteTable: Sendable {
    var upstreams: [ServiceName: UpstreamSpec]
    var publicRoutes: PublicRoutes
    var corsOrigins: [String]

    struct File: Decodable {
        struct Upstream: Decodable {
            var replicas: [String]?
            var balance: String?
            var connectTimeoutMs: Int?
            var readTimeoutMs: Int?
            var retries: Int?
            var maxConcurrent: Int?
            var maxBodyBytes: Int?
        }

        var upstreams: [String: Upstream]?
        var publicRoutes: [String]?
        var corsOrigins: [String]?
    }

    /// Services that receive statement uploads admit the parser's upload limit; the others the platform's body limit.
    static func defaultBodyLimit(_ service: ServiceName, settings: PlatformSettings) -> Int {
        [.parser, .analytics].contains(service) ? max(settings.maxBodyBytes, settings.parserMaxUploadBytes) : settings.maxBodyBytes
    }

    /// Reads `settings.gateway.routesFile` when set.
    static func load(settings: PlatformSettings, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> GatewayRouteTable {
        var file: File?
        if let path = settings.gateway.routesFile {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw GatewayConfigurationError.invalid("the route table \(path) cannot be read")
            }
            do {
                let decoder = JSONDecoder()
                decoder.keyDecodingStrategy = .convertFromSnakeCase
                file = try decoder.decode(File.self, from: data)
            } catch {
                throw GatewayConfigurationError.invalid("the route table \(path) is not valid: \(error)")
            }
        }
        return try GatewayRouteTable(settings: settings, file: file, environment: environment)
    }

    init(settings: PlatformSettings, file: File?, environment: [String: String]) throws {
        let gateway = settings.gateway
        for name in (file?.upstreams ?? [:]).keys where ServiceName(rawValue: name).map({ $0 == .gateway }) ?? true {
            throw GatewayConfigurationError.invalid("the route table names an unknown upstream '\(name)'; use one of \(ServiceName.upstreams.map(\.rawValue).joined(separator: ", "))")
        }
        var upstreams: [ServiceName: UpstreamSpec] = [:]
        for service in ServiceName.upstreams {
            let entry = file?.upstreams?[service.rawValue]
            // The environment's replica list (or the service URL it set) wins over the file's list.
            let envSet = environment[GatewaySettings.replicasKey(service).environmentVariable] != nil
                || environment[SettingKey.url(of: service).environmentVariable] != nil
            let urls = (envSet ? nil : entry?.replicas) ?? gateway.replicas[service] ?? [settings.url(of: service)]
            var replicas: [ReplicaAddress] = []
            for url in urls {
                guard let address = ReplicaAddress(url: url) else {
                    throw GatewayConfigurationError.invalid("replica '\(url)' of \(service.rawValue) is not an http://host:port URL")
                }
                replicas.append(address)
            }
            guard !replicas.isEmpty else { throw GatewayConfigurationError.invalid("\(service.rawValue) has no replicas") }
            var balancing = gateway.balancing
            if let text = entry?.balance, environment[GatewaySettings.balancingKey.environmentVariable] == nil {
                guard let parsed = GatewaySettings.Balancing(rawValue: text) else {
                    throw GatewayConfigurationError.invalid("balance '\(text)' of \(service.rawValue) is not round_robin or least_outstanding")
                }
                balancing = parsed
            }
            func bounded(_ value: Int?, _ name: String, _ range: ClosedRange<Int>) throws -> Int? {
                guard let value else { return nil }
                guard range.contains(value) else {
                    throw GatewayConfigurationError.invalid("\(name) of \(service.rawValue) is \(value); it must be between \(range.lowerBound) and \(range.upperBound)")
                }
                return value
            }
            upstreams[service] = UpstreamSpec(
                service: service,
                replicas: replicas,
                balancing: balancing,
                connectTimeout: try bounded(entry?.connectTimeoutMs, "connect_timeout_ms", 10...60_000).map { .milliseconds($0) } ?? gateway.connectTimeout,
                readTimeout: try bounded(entry?.readTimeoutMs, "read_timeout_ms", 10...600_000).map { .milliseconds($0) } ?? gateway.readTimeout,
                retries: try bounded(entry?.retries, "retries", 0...5) ?? gateway.retries,
                maxConcurrent: try bounded(entry?.maxConcurrent, "max_concurrent", 1...1_000_000) ?? gateway.maxConcurrentPerUpstream,
                maxBodyBytes: try bounded(entry?.maxBodyBytes, "max_body_bytes", 0...(1 << 31)) ?? Self.defaultBodyLimit(service, settings: settings)
            )
        }
        self.upstreams = upstreams
        publicRoutes = try PublicRoutes(extra: gateway.publicRoutes + (file?.publicRoutes ?? []))
        let envOrigins = environment[GatewaySettings.corsOriginsKey.environmentVariable] != nil
        corsOrigins = envOrigins ? gateway.corsOrigins : (file?.corsOrigins ?? gateway.corsOrigins)
    }
}
