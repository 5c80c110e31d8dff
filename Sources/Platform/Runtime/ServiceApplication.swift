import Hummingbird
import NIOCore
import Logging
import ServiceLifecycle

/// Assembles a service's HTTP application the same way for every service: tracing, request ids, metrics, access
/// logs and problem responses first, then the operational routes, then the service's own routes, then
/// `/openapi.json` and the 405 answers.
public enum ServiceApplication {
    /// Everything a service module says about itself.
    public struct Blueprint: Sendable {
        public var title: String
        public var description: String
        /// Other services this one calls and cannot work without; `/ready` checks them.
        public var requiredUpstreams: [ServiceName]
        /// Largest request body; defaults to the platform's `http.maxBodyBytes`.
        public var maxBodyBytes: Int?
        public var schemas: [(String, JSONSchema)]

        public init(title: String, description: String, requiredUpstreams: [ServiceName] = [], maxBodyBytes: Int? = nil, schemas: [(String, JSONSchema)] = []) {
            self.title = title
            self.description = description
            self.requiredUpstreams = requiredUpstreams
            self.maxBodyBytes = maxBodyBytes
            self.schemas = schemas
        }
    }

    public static func make(
        blueprint: Blueprint,
        configuration: PlatformSettings,
        dependencies: ServiceDependencies,
        extraReadiness: [ReadinessCheck] = [],
        backgroundServices: [any Service] = [],
        channelHandlers: (@Sendable () -> [any RemovableChannelHandler])? = nil,
        routes: (ServiceRouter) -> Void
    ) -> Application<RouterResponder<ServiceRequestContext>> {
        let service = dependencies.service
        let router = ServiceRouter(
            service: service,
            middleware: [
                TracingMiddleware(),
                ObservedRequestMiddleware(
                    metrics: dependencies.metrics,
                    maxUploadSize: blueprint.maxBodyBytes ?? configuration.maxBodyBytes,
                    authenticator: dependencies.authenticator,
                    serviceCredential: dependencies.serviceCredential
                ),
                ProblemMiddleware(),
            ]
        )
        var checks: [ReadinessCheck] = []
        if let database = dependencies.database {
            checks.append(ReadinessCheck(name: "database", kind: .database, target: database.location) { try await database.ping() })
        }
        // A service may check an upstream its own way (the gateway: every replica, and its circuit breaker).
        for upstream in blueprint.requiredUpstreams where !extraReadiness.contains(where: { $0.name == upstream.rawValue }) {
            checks.append(ReadinessCheck.upstream(upstream, baseURL: configuration.url(of: upstream), client: dependencies.httpClient))
        }
        checks += extraReadiness
        OperationalRoutes.register(on: router, service: service, metrics: dependencies.metrics, checks: checks)
        routes(router)
        if let store = dependencies.tenantStore {
            let relocation = TenantRelocation(
                store: store, migrations: dependencies.migrations, settle: configuration.eventPollInterval * 4, logger: dependencies.logger
            )
            RelocationRoutes.register(on: router, relocation: relocation)
        }
        let built = router.finish(openAPITitle: blueprint.title, description: blueprint.description, schemas: blueprint.schemas)
        var background = backgroundServices
        if let database = dependencies.database, let eventLog = dependencies.eventLog {
            background.append(OutboxRelay(source: database, log: eventLog, signal: dependencies.outboxSignal, logger: dependencies.logger))
        }
        var application = Application(
            router: built,
            server: .http1(configuration: .init(additionalChannelHandlers: channelHandlers?() ?? [])),
            configuration: .init(
                address: .hostname(configuration.bindHost, port: configuration.port(of: service)),
                serverName: "mpesa-\(service.rawValue)"
            ),
            logger: dependencies.logger
        )
        application.addServices(background)
        return application
    }
}

extension ReadinessCheck {
    /// Checks that `service` answers its `/health` at `baseURL`.
    public static func upstream(_ service: ServiceName, baseURL: String, client: ServiceHTTPClient, timeout: Duration = .seconds(2)) -> ReadinessCheck {
        ReadinessCheck(name: service.rawValue, kind: .upstream, target: baseURL, timeout: timeout) {
            _ = try await client.getText(url: "\(baseURL)/health", timeout: timeout)
        }
    }
}
