import Logging
import ServiceLifecycle

/// Keeps a `LISTEN` connection open so consumers in this process wake on appends made by any process
/// (PostgreSQL). On SQLite there is nothing to listen to and it returns at once; consumers poll instead.
public struct EventLogListener: Service {
    let log: EventLog
    let logger: Logger

    public init(log: EventLog, logger: Logger) {
        self.log = log
        self.logger = logger
    }

    public func run() async throws {
        guard log.store is PostgresDatabaseProvider else {
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            await log.listenForAppends(logger: logger)
        }
    }
}
