import ArgumentParser
import Foundation
import Logging
import Platform
import ServiceCatalog

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending schema migrations to every store (or one service's) and exit.",
        discussion: "Services also migrate at start-up; run this before a rolling deploy to keep start-up fast."
    )

    @Option(help: "Only this service's store.")
    var service: String?

    func run() async throws {
        try await CommandFailure.reporting {
            let settings = try await PlatformSettings.load()
            Observability.bootstrapLogging(level: settings.logLevel, format: settings.logFormat)
            let logger = Logger(label: "migrate")
            var targets = ServiceName.allCases.filter(\.hasStorage)
            if let service {
                guard let name = ServiceName(rawValue: service) else {
                    throw CommandFailure("unknown service '\(service)'; choose one of \(ServiceName.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                guard name.hasStorage else { throw CommandFailure("the \(name) service keeps no data, so it has nothing to migrate") }
                targets = [name]
            }
            var stores: [(String, [Migration])] = targets.map { ($0.rawValue, ServiceCatalog.migrations(of: $0)) }
            if service == nil { stores.append(("events", EventLog.migrations)) }
            for (name, migrations) in stores {
                do {
                    let store = try await StoreFactory.open(name: name, settings: settings, migrations: migrations, logger: logger)
                    print("\(name): up to date (\(store.location))")
                    await store.shutdown()
                } catch {
                    throw ServeCommand.startupFailure(error, settings: settings)
                }
            }
        }
    }
}
