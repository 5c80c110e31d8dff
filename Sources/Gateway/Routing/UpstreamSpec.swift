import Platform

/// How the gateway reaches one service: its replicas and the limits of a call to it.
struct UpstreamSpec: Sendable, Equatable {
    var service: ServiceName
    var replicas: [ReplicaAddress]
    var balancing: GatewaySettings.Balancing
    var connectTimeout: Duration
    var readTimeout: Duration
    var retries: Int
    var maxConcurrent: Int
    /// Largest request body forwarded; larger ones get 413 before a byte reaches the service.
    var maxBodyBytes: Int
}

/// One replica's address, as `http://host:port`.
struct ReplicaAddress: Sendable, Hashable, CustomStringConvertible {
    let host: String
    let port: Int
    /// The `Host` header value sent upstream (computed once: it is sent with every request).
    let authority: String

    init(host: String, port: Int) {
        self.host = host
        self.port = port
        self.authority = Self.authority(host: host, port: port)
    }

    init?(url: String) {
        guard url.hasPrefix("http://") else { return nil }
        var rest = url.dropFirst("http://".count)
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            let after = rest[rest.index(after: close)...]
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            port = after.hasPrefix(":") ? Int(after.dropFirst()) ?? -1 : 80
        } else if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            port = Int(rest[rest.index(after: colon)...]) ?? -1
        } else {
            host = String(rest)
            port = 80
        }
        guard !host.isEmpty, (1...65535).contains(port) else { return nil }
        authority = Self.authority(host: host, port: port)
    }

    private static func authority(host: String, port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
    var description: String { "http://\(authority)" }
}
