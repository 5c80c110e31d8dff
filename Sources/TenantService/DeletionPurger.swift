import Logging
import Platform
import ServiceLifecycle

/// Deletes organisations whose grace period has ended, once a minute.
struct DeletionPurger: Service {
    let organizations: Organizations
    let records: TenantStore
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    _ = try await organizations.purgeDue(records: records)
                } catch {
                    logger.warning("purging deleted organisations failed; will retry", metadata: ["error": .string(ErrorText.short(error))])
                }
                try? await Task.sleep(for: .seconds(60))
            }
        }
    }
}
