import ArgumentParser
import Foundation
import Logging
import Platform
import ServiceCatalog
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run all services in one process, or one service.",
        discussion: """
            `serve all` starts the gateway and every back-end service, each on its own port, on the embedded SQLite
            store (or PostgreSQL if DATABASE_URL is set). `serve <service>` starts one. SIGINT or SIGTERM stops
            accepting connections, finishes the requests in flight and exits.

            Services: all, \(ServiceName.allCases.map(\.rawValue).joined(separator: ", "))
            """
    )

    @Argument(help: "`all`, or one of: \(ServiceName.allCases.map(\.rawValue).joined(separator: ", ")).")
    var service: String

    @Option(name: .customLong("without"), help: "With `all`: leave this service out (repeatable).")
    var excluded: [String] = []

    @Option(name: .customLong("data-dir"), help: "Directory of the embedded store (overrides DATA_DIR).")
    var dataDirectory: String?

    func run() async throws {
        try await CommandFailure.reporting { try await serve() }
    }

    private func selection() throws -> [ServiceName] {
        let unknown = ([service] + excluded).filter { $0 != "all" && ServiceName(rawValue: $0) == nil }
        guard unknown.isEmpty else {
            throw CommandFailure("unknown service '\(unknown[0])'; choose all or one of \(ServiceName.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if service == "all" {
            let skip = Set(excluded.compactMap(ServiceName.init(rawValue:)))
            return ServiceName.allCases.filter { !skip.contains($0) }
        }
        guard excluded.isEmpty else { throw CommandFailure("--without only applies to `serve all`") }
        return [ServiceName(rawValue: service)!]
    }

    private func serve() async throws {
        let services = try selection()
        var settings = try await PlatformSettings.load()
        if let dataDirectory { settings.dataDirectory = dataDirectory }
        let resources = try ProcessResources.make(settings: settings)
        let logger = Logger(label: "mpesa")

        var servers: [any Service] = []
        var stores: [any DatabaseProvider] = []
        do {
            for service in services {
                let dependencies = try await resources.dependencies(for: service, migrations: ServiceCatalog.migrations(of: service))
                if let database = dependencies.database { stores.append(database) }
                servers.append(
                    ServedApplication(
                        service: service,
                        host: settings.bindHost,
                        port: settings.port(of: service),
                        application: try ServiceCatalog.application(of: service, configuration: settings, dependencies: dependencies),
                        logger: logger
                    )
                )
            }
        } catch {
            for store in stores { await store.shutdown() }
            await resources.shutdown()
            throw Self.startupFailure(error, settings: settings)
        }
        var background = resources.backgroundServices
        do {
            // Every process follows revocations (and wakes consumers on PostgreSQL), so it opens the event log.
            background.append(try await resources.revocationFeed())
        } catch {
            for store in stores { await store.shutdown() }
            await resources.shutdown()
            throw Self.startupFailure(error, settings: settings)
        }
        if let log = await resources.openedEventLog() {
            background.append(EventLogListener(log: log, logger: Logger(label: "events")))
        }
        logger.info(
            "starting",
            metadata: [
                "services": .string(services.map { "\($0.rawValue):\(settings.port(of: $0))" }.joined(separator: " ")),
                "store": .string(settings.databaseURL?.redacted ?? "sqlite:\(settings.dataDirectory)"),
                "version": .string(PlatformInfo.version),
            ]
        )
        // Background services start first and stop last, so servers drain while logs and spans still flow.
        var configuration = ServiceGroupConfiguration(
            services: (background + servers).map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        // A request or consumer that will not finish cannot hold the process past an orchestrator's grace period
        // (30 s in Kubernetes): after this, what is still running is cancelled.
        configuration.maximumGracefulShutdownDuration = .seconds(20)
        let group = ServiceGroup(configuration: configuration)
        var failure: (any Error)?
        do {
            try await group.run()
        } catch {
            failure = error
        }
        logger.info("services stopped; closing stores")
        for store in stores {
            await store.shutdown()
            logger.debug("store closed", metadata: ["store": .string(store.name)])
        }
        await resources.shutdown()
        logger.info("stopped")
        if let failure {
            if let command = failure as? CommandFailure { throw command }
            throw CommandFailure(ErrorText.short(failure))
        }
    }

    static func startupFailure(_ error: any Error, settings: PlatformSettings) -> any Error {
        if error is CommandFailure || error is ConfigurationError { return error }
        if let storage = error as? StorageError { return CommandFailure(storage.description) }
        if error is DeadlineExceeded, let url = settings.databaseURL {
            return CommandFailure("the database at \(url.redacted) did not answer within 10 s; check DATABASE_URL and that PostgreSQL is running")
        }
        if let url = settings.databaseURL {
            return CommandFailure("cannot use the database at \(url.redacted): \(ErrorText.short(error))")
        }
        return CommandFailure(ErrorText.short(error))
    }
}
