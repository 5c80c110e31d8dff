import Hummingbird
import Logging
import NIOCore
import Platform

/// The API gateway (port 9000): the one public entry point.
///
/// `/api/v1/<service>/<rest>` goes to `/v1/<rest>` on one of the service's replicas through ``EdgeHandler``, a
/// proxy that runs on the connection's event loop: access tokens and API keys checked at the edge, rate limits per
/// organisation, API key and client address, a circuit breaker, concurrency cap and retry budget per upstream,
/// active health checks, CORS and security headers. Everything else (operations, BFF, the dashboard's files)
/// goes through the router. `/ready` reports every upstream with its breaker state.
public enum Gateway {
    public static let blueprint = ServiceApplication.Blueprint(
        title: "M-PESA Analytics — API gateway",
        description: "Routes /api/v1/<service>/… to the platform's services with edge authentication, rate limits and circuit breakers. Operational endpoints report the state of every upstream.",
        requiredUpstreams: ServiceName.upstreams,
        maxBodyBytes: nil
    )

    public static func makeApplication(configuration: PlatformSettings, dependencies: ServiceDependencies) throws -> some ApplicationProtocol {
        let table = try GatewayRouteTable.load(settings: configuration)
        let gateway = configuration.gateway
        let breakerSettings = CircuitBreaker.Settings(
            consecutiveFailures: gateway.breakerConsecutiveFailures,
            failureRatePercent: gateway.breakerFailureRatePercent,
            openDuration: gateway.breakerOpenDuration
        )
        var upstreams: [ServiceName: Upstream] = [:]
        for (service, spec) in table.upstreams {
            upstreams[service] = Upstream(
                spec: spec, breakerSettings: breakerSettings,
                metrics: UpstreamMetrics(service: service, replicas: spec.replicas, metrics: dependencies.metrics)
            )
        }
        let time = dependencies.time
        let limiter = TokenBucketLimiter(maxKeys: gateway.rateLimitMaxKeys, now: { time.monotonicNanoseconds })
        let edgeMetrics = EdgeMetrics(metrics: dependencies.metrics, limiter: limiter)
        let apiKeys = APIKeyExchange(
            client: dependencies.httpClient, authURL: configuration.url(of: .auth), revocations: dependencies.authenticator.revocations, time: dependencies.time
        )
        let edge = EdgeGuard(
            authenticator: dependencies.authenticator,
            apiKeys: apiKeys,
            publicRoutes: table.publicRoutes,
            limiter: limiter,
            mode: gateway.rateLimitMode,
            anonymousQuota: gateway.anonymousQuota,
            plans: PlanQuotas(directory: dependencies.tenantDirectory),
            metrics: edgeMetrics
        )
        let core = GatewayCore(
            upstreams: upstreams, edge: edge, cors: CORSPolicy(origins: table.corsOrigins), pools: UpstreamPools(),
            headerTimeout: gateway.headerTimeout, logger: dependencies.logger, routeMetrics: RouteMetrics(metrics: dependencies.metrics)
        )
        let ordered = ServiceName.upstreams.compactMap { upstreams[$0] }
        let readiness = ordered.map { upstream in
            UpstreamReadiness.check(upstream, client: dependencies.httpClient)
        }
        let checker = HealthChecker(upstreams: ordered, client: dependencies.httpClient, interval: gateway.healthCheckInterval, logger: dependencies.logger)
        var blueprint = self.blueprint
        blueprint.maxBodyBytes = max(configuration.maxBodyBytes, configuration.parserMaxUploadBytes)
        return ServiceApplication.make(
            blueprint: blueprint,
            configuration: configuration,
            dependencies: dependencies,
            extraReadiness: readiness,
            backgroundServices: [checker],
            channelHandlers: { [EdgeHandler(core: core)] }
        ) { router in
            GatewayRoutes.register(on: router)
            Dashboard.register(on: router, configuration: configuration, dependencies: dependencies)
        }
    }
}
