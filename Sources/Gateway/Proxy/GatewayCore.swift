import Logging
import NIOCore
import Platform

/// What every client connection of the gateway shares: the upstreams, the edge checks, CORS, the connection
/// pools and the observability sinks. Built once per gateway; immutable, so any event loop may read it.
final class GatewayCore: Sendable {
    let upstreams: [ServiceName: Upstream]
    let edge: EdgeGuard
    let cors: CORSPolicy
    let pools: UpstreamPools
    let headerTimeout: TimeAmount
    let logger: Logger
    let routeMetrics: RouteMetrics

    init(
        upstreams: [ServiceName: Upstream], edge: EdgeGuard, cors: CORSPolicy, pools: UpstreamPools, headerTimeout: Duration,
        logger: Logger, routeMetrics: RouteMetrics
    ) {
        self.upstreams = upstreams
        self.edge = edge
        self.cors = cors
        self.pools = pools
        self.headerTimeout = TimeAmount(headerTimeout)
        self.logger = logger
        self.routeMetrics = routeMetrics
    }

    /// Whether access-log lines are written (building one costs more than proxying a small request).
    var logsRequests: Bool { logger.logLevel <= .info }
}
