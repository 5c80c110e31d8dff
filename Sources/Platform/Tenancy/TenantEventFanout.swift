import NIOConcurrencyHelpers

/// Hands every event of the `tenant` topic to the tenant directories of the services in this process, so each
/// forgets what changed (one ``RevocationFeed`` per process follows the topic).
public final class TenantEventFanout: Sendable {
    private let directories = NIOLockedValueBox<[TenantDirectory]>([])
    private let stores = NIOLockedValueBox<[TenantStore]>([])

    public init() {}

    public func register(_ directory: TenantDirectory) {
        directories.withLockedValue { $0.append(directory) }
    }

    public func register(_ store: TenantStore) {
        stores.withLockedValue { $0.append(store) }
    }

    public func apply(_ event: EventEnvelope) async {
        guard event.type.hasPrefix("tenant."), let tenant = event.tenantId else { return }
        for directory in directories.withLockedValue({ $0 }) {
            await directory.apply(event)
        }
        for store in stores.withLockedValue({ $0 }) {
            store.forgetHome(of: tenant)
        }
    }
}
