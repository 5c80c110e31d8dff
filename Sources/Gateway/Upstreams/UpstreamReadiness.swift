import Platform

/// The gateway's `/ready` entry for one upstream: up when at least one replica answers its `/health` and the
/// circuit breaker is not open; the breaker state and the replicas' health are reported beside it.
enum UpstreamReadiness {
    struct BreakerOpen: Error, CustomStringConvertible {
        var description: String { "circuit breaker open: the gateway is not sending requests for the moment" }
    }

    static func check(_ upstream: Upstream, client: ServiceHTTPClient) -> ReadinessCheck {
        ReadinessCheck(
            name: upstream.service.rawValue,
            kind: .upstream,
            target: upstream.replicas.map(\.address.description).joined(separator: ", "),
            details: {
                [
                    ("breaker", upstream.breaker.state.rawValue),
                    ("replicas_healthy", "\(upstream.replicas.filter(\.isHealthy).count)/\(upstream.replicas.count)"),
                ]
            }
        ) {
            // Up as soon as one replica answers; a dead one must not hold the answer until the deadline.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for replica in upstream.replicas {
                    group.addTask { _ = try await client.getText(url: "\(replica.address)/health", timeout: .milliseconds(1500)) }
                }
                var lastError: (any Error)?
                while let result = await group.nextResult() {
                    switch result {
                    case .success:
                        group.cancelAll()
                        return
                    case .failure(let error):
                        lastError = error
                    }
                }
                throw lastError ?? BreakerOpen()
            }
            if upstream.breaker.state == .open { throw BreakerOpen() }
        }
    }
}
