import Logging

/// The live parts a service is built from, passed in explicitly (CONVENTIONS: no globals), so tests can build a
/// service on a temporary store and the executable can build all of them in one process.
public struct ServiceDependencies: Sendable {
    public var service: ServiceName
    public var logger: Logger
    public var metrics: ServiceMetrics
    public var httpClient: ServiceHTTPClient
    public var authenticator: Authenticator
    /// The service's own store; nil for stateless services.
    public var database: (any DatabaseProvider)?
    /// The process's event log; nil for stateless services.
    public var eventLog: EventLog?
    public var time: TimeSource
    /// Signs and verifies internal calls between services.
    public var serviceCredential: ServiceCredential
    /// Poke after committing events to the outbox, so the relay moves them at once.
    public let outboxSignal = EventSignal()
    /// The service's schema changes (the tenant tables among them are what a tier move copies).
    public var migrations: [Migration]
    /// Organisations' status, tier, plan, features and limits, from the tenant service.
    public var tenantDirectory: TenantDirectory
    /// The service's tenant data by organisation; nil for stateless services.
    public var tenantStore: TenantStore?

    public init(
        service: ServiceName,
        logger: Logger,
        metrics: ServiceMetrics,
        httpClient: ServiceHTTPClient,
        authenticator: Authenticator,
        database: (any DatabaseProvider)?,
        eventLog: EventLog?,
        time: TimeSource = .system,
        serviceCredential: ServiceCredential,
        migrations: [Migration] = [],
        tenantDirectory: TenantDirectory,
        tenantStore: TenantStore? = nil
    ) {
        self.service = service
        self.logger = logger
        self.metrics = metrics
        self.httpClient = httpClient
        self.authenticator = authenticator
        self.database = database
        self.eventLog = eventLog
        self.time = time
        self.serviceCredential = serviceCredential
        self.migrations = migrations
        self.tenantDirectory = tenantDirectory
        self.tenantStore = tenantStore
    }

    /// A client for another service's internal routes, signed as this service.
    public func internalClient(settings: PlatformSettings) -> InternalClient {
        InternalClient(client: httpClient, credential: serviceCredential, settings: settings)
    }

    /// The service's store, for services that cannot work without one.
    public func requireDatabase() -> any DatabaseProvider {
        guard let database else { preconditionFailure("\(service) was started without its database") }
        return database
    }
}
