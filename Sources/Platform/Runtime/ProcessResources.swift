import Foundation
import Crypto
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// What the services of one process share: the HTTP client, the token verifier with its JWKS cache, and the
/// event log (opened on first use, because stateless services never need it).
public final class ProcessResources: Sendable {
    public let settings: PlatformSettings
    public let httpClient: ServiceHTTPClient
    public let verifier: TokenVerifier
    public let time: TimeSource
    /// Revoked sessions and suspended organisations, fed by ``RevocationFeed`` (see ``revocationFeed()``).
    public let revocations: AccessRevocations
    /// The tenant directories and stores of this process's services, told about `tenant.*` events.
    public let tenantEvents = TenantEventFanout()
    let serviceKey: SymmetricKey
    private let eventLogTask = NIOLockedValueBox<Task<EventLog, any Error>?>(nil)
    /// Background work the process must run next to the servers (span export, event-log listener).
    public let backgroundServices: [any Service]

    private init(
        settings: PlatformSettings, httpClient: ServiceHTTPClient, verifier: TokenVerifier, time: TimeSource, serviceKey: SymmetricKey,
        backgroundServices: [any Service]
    ) {
        self.settings = settings
        self.httpClient = httpClient
        self.verifier = verifier
        self.time = time
        self.serviceKey = serviceKey
        self.revocations = AccessRevocations(tokenLifetime: TimeInterval(settings.authAccessTokenLifetime.components.seconds))
        self.backgroundServices = backgroundServices
    }

    /// Bootstraps logging and tracing (once per process) and creates the shared client and verifier.
    public static func make(settings: PlatformSettings, processName: String = "mpesa", time: TimeSource = .system) throws -> ProcessResources {
        Observability.bootstrapLogging(level: settings.logLevel, format: settings.logFormat)
        var background: [any Service] = []
        if let tracing = try Observability.bootstrapTracing(serviceName: processName, otlpEndpoint: settings.otlpEndpoint) {
            background.append(tracing)
        }
        let client = ServiceHTTPClient.make(defaultTimeout: settings.upstreamTimeout)
        let keys = JWKSCache(url: settings.jwksURL, client: client, time: time, logger: Logger(label: "jwks"))
        let verifier = TokenVerifier(keys: keys, issuer: settings.jwtIssuer, audience: settings.jwtAudience, time: time)
        let serviceKey = try ServiceCredential.sharedKey(settings: settings)
        return ProcessResources(settings: settings, httpClient: client, verifier: verifier, time: time, serviceKey: serviceKey, backgroundServices: background)
    }

    /// The background service that keeps ``revocations`` current from the event log.
    public func revocationFeed() async throws -> RevocationFeed {
        RevocationFeed(log: try await eventLog(), revocations: revocations, tenantEvents: tenantEvents, logger: Logger(label: "revocations"))
    }

    /// The process's event log, opened once.
    public func eventLog() async throws -> EventLog {
        let settings = self.settings
        let task = eventLogTask.withLockedValue { task in
            if let task { return task }
            let created = Task {
                let store = try await StoreFactory.open(name: "events", settings: settings, migrations: EventLog.migrations, logger: Logger(label: "events"))
                return EventLog(store: store, partitions: settings.eventPartitions, pollInterval: settings.eventPollInterval)
            }
            task = created
            return created
        }
        return try await task.value
    }

    /// The event log if it was opened, for shutdown.
    public func openedEventLog() async -> EventLog? {
        guard let task = eventLogTask.withLockedValue({ $0 }) else { return nil }
        return try? await task.value
    }

    /// Everything a service needs, opening its store (and the event log) when it keeps state.
    public func dependencies(for service: ServiceName, migrations: [Migration]) async throws -> ServiceDependencies {
        let logger = Logger(label: service.rawValue)
        let metrics = ServiceMetrics(service: service)
        var database: (any DatabaseProvider)?
        var log: EventLog?
        if service.hasStorage {
            database = try await StoreFactory.open(name: service.rawValue, settings: settings, migrations: migrations, logger: logger)
            log = try await eventLog()
        }
        let credential = ServiceCredential(key: serviceKey, service: service, time: time)
        let directory = TenantDirectory(client: InternalClient(client: httpClient, credential: credential, settings: settings), logger: logger)
        tenantEvents.register(directory)
        var store: TenantStore?
        if let database {
            let created = TenantStore(database: database, directory: directory)
            tenantEvents.register(created)
            store = created
        }
        return ServiceDependencies(
            service: service,
            logger: logger,
            metrics: metrics,
            httpClient: httpClient,
            authenticator: Authenticator(verifier: verifier, metrics: metrics, revocations: revocations),
            database: database,
            eventLog: log,
            time: time,
            serviceCredential: credential,
            migrations: migrations,
            tenantDirectory: directory,
            tenantStore: store
        )
    }

    /// Closes the shared client and the event log's store.
    public func shutdown() async {
        try? await httpClient.shutdown()
        await openedEventLog()?.store.shutdown()
    }
}
