import Hummingbird
import Platform

/// The tenant service (port 8002): organisations, members and roles, invitations, isolation tiers, feature flags, usage.
///
/// Its feature endpoints arrive with issue #4; today it serves the operational surface every service shares.
public enum TenantService {
    /// Schema changes of this service's store, in order (the platform's own tables come first automatically).
    public static let migrations: [Migration] = []

    public static let blueprint = ServiceApplication.Blueprint(
        title: "M-PESA Analytics — tenant service",
        description: "Organisations, members, invitations, isolation tiers, plans' feature flags and usage. Feature endpoints: issue #4.",
        requiredUpstreams: []
    )

    /// Builds the service's HTTP application; the executable and the tests both call this.
    public static func makeApplication(configuration: PlatformSettings, dependencies: ServiceDependencies) -> some ApplicationProtocol {
        ServiceApplication.make(blueprint: blueprint, configuration: configuration, dependencies: dependencies) { _ in }
    }
}
