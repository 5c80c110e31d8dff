import Hummingbird
import Platform

/// The categorizer service (port 8009): per-tenant categories, rules and learned model.
///
/// Its feature endpoints arrive with issue #6.
public enum CategorizerService {
    /// Schema changes of this service's store, in order (the platform's own tables come first automatically).
    public static let migrations: [Migration] = []

    public static let blueprint = ServiceApplication.Blueprint(
        title: "M-PESA Analytics — categorizer service",
        description: "Categories, rules, the learned classifier and its feedback loop. Feature endpoints: issue #6.",
        requiredUpstreams: []
    )

    /// Builds the service's HTTP application; the executable and the tests both call this.
    public static func makeApplication(configuration: PlatformSettings, dependencies: ServiceDependencies) -> some ApplicationProtocol {
        ServiceApplication.make(blueprint: blueprint, configuration: configuration, dependencies: dependencies) { _ in }
    }
}
