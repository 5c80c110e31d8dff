import Foundation
import Hummingbird
import NIOCore

/// `/health`, `/ready` and `/metrics`, the same on every service.
///
/// `/health` answers 200 as long as the process serves HTTP (a liveness probe must not depend on anything else);
/// `/ready` runs the service's checks concurrently and answers 503 with the failing ones when any is down.
public enum OperationalRoutes {
    public static func register(on router: ServiceRouter, service: ServiceName, metrics: ServiceMetrics, checks: [ReadinessCheck]) {
        router.get(
            "/health",
            OperationDoc(
                summary: "Liveness: the process is up",
                tags: ["operations"],
                responses: [.init(200, "Alive", schema: .reference("Health"))]
            )
        ) { _, _ in
            let uptime = Int(Date().timeIntervalSince(PlatformInfo.startedAt))
            return jsonResponse(.object([
                ("status", "ok"), ("service", .string(service.rawValue)), ("version", .string(PlatformInfo.version)),
                ("uptime_seconds", .int(Int64(uptime))),
            ]))
        }
        router.get(
            "/ready",
            OperationDoc(
                summary: "Readiness: the database and required upstreams are reachable",
                tags: ["operations"],
                responses: [
                    .init(200, "Ready to serve", schema: .reference("Readiness")),
                    .init(503, "A dependency is down; `checks` says which", schema: .reference("Readiness")),
                ]
            )
        ) { _, _ in
            let report = await ReadinessReport.run(service: service, checks: checks)
            return jsonResponse(report.json, status: report.isReady ? .ok : .serviceUnavailable)
        }
        router.get(
            "/metrics",
            OperationDoc(
                summary: "Prometheus metrics of this service",
                tags: ["operations"],
                responses: [.init(200, "Prometheus text exposition format 0.0.4", contentType: "text/plain; version=0.0.4", schema: .string())]
            )
        ) { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition()))
            )
        }
    }
}

/// The result of running every readiness check once.
public struct ReadinessReport: Sendable {
    public var service: ServiceName
    public var results: [ReadinessCheck.Result]

    public var isReady: Bool { results.allSatisfy(\.isUp) }

    public static func run(service: ServiceName, checks: [ReadinessCheck]) async -> ReadinessReport {
        let results = await withTaskGroup(of: (Int, ReadinessCheck.Result).self) { group in
            for (index, check) in checks.enumerated() {
                group.addTask { (index, await check.run()) }
            }
            var results: [(Int, ReadinessCheck.Result)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return ReadinessReport(service: service, results: results)
    }

    public var json: JSONValue {
        .object([
            ("status", .string(isReady ? "ready" : "not_ready")),
            ("service", .string(service.rawValue)),
            (
                "checks",
                .object(results.map { result in
                    var members: [(String, JSONValue)] = [
                        ("status", .string(result.isUp ? "up" : "down")), ("kind", .string(result.kind.rawValue)),
                        ("target", .string(result.target)),
                        ("latency_ms", .double((Double(result.latency.components.attoseconds) / 1e15 + Double(result.latency.components.seconds) * 1000).rounded(toPlaces: 2))),
                    ]
                    if let error = result.error { members.append(("error", .string(error))) }
                    for (key, value) in result.details { members.append((key, .string(value))) }
                    return (result.name, .object(members))
                })
            ),
        ])
    }
}

/// A JSON response from a hand-built value, keys in the order given.
public func jsonResponse(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
    let body = value.serialized()
    return Response(
        status: status,
        headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(body.utf8.count)],
        body: .init(byteBuffer: ByteBuffer(string: body))
    )
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        var factor = 1.0
        for _ in 0..<places { factor *= 10 }
        return (self * factor).rounded() / factor
    }
}
