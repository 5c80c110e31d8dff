import Logging
import Platform
import ServiceLifecycle

/// Active health checks: every interval, each replica's `GET /health`. A replica that fails twice in a row is
/// taken out of the rotation until it answers again, so balancing skips a dead replica before any client request
/// has to fail on it (passive failures are the circuit breaker's business).
struct HealthChecker: Service {
    let upstreams: [Upstream]
    let client: ServiceHTTPClient
    let interval: Duration
    let logger: Logger
    /// Consecutive failed checks before a replica counts as down.
    static let failuresToMarkDown = 2

    func run() async throws {
        // A slow answer is not a dead replica: the timeout does not shrink with a short interval.
        let timeout = Duration.seconds(2)
        await cancelWhenGracefulShutdown {
            var failures: [ObjectIdentifier: Int] = [:]
            while !Task.isCancelled {
                let results = await withTaskGroup(of: (Upstream, Replica, Bool).self) { group in
                    for upstream in upstreams where upstream.replicas.count > 0 {
                        for replica in upstream.replicas {
                            group.addTask {
                                let up = (try? await client.getText(url: "\(replica.address)/health", timeout: timeout)) != nil
                                return (upstream, replica, up)
                            }
                        }
                    }
                    var results: [(Upstream, Replica, Bool)] = []
                    for await result in group { results.append(result) }
                    return results
                }
                for (upstream, replica, up) in results {
                    let key = ObjectIdentifier(replica)
                    failures[key] = up ? 0 : (failures[key] ?? 0) + 1
                    let healthy = up || (failures[key] ?? 0) < Self.failuresToMarkDown
                    if replica.setHealthy(healthy) {
                        upstream.metrics.replica(replica.index, healthy: healthy)
                        logger.log(
                            level: healthy ? .notice : .warning,
                            healthy ? "replica back up" : "replica down",
                            metadata: ["upstream": .string(upstream.service.rawValue), "replica": .string(replica.address.description)]
                        )
                    }
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
