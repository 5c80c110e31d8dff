import Hummingbird
import Platform

/// The billing service (port 8008): plans, subscriptions, usage metering, invoices and dunning.
///
/// Subscriptions are paid through the payment service, so billing is ready only when payment is.
public enum BillingService {
    /// Schema changes of this service's store, in order (the platform's own tables come first automatically).
    public static let migrations: [Migration] = []

    public static let blueprint = ServiceApplication.Blueprint(
        title: "M-PESA Analytics — billing service",
        description: "Plans, subscriptions, usage metering, invoices and dunning.",
        requiredUpstreams: [.payment]
    )

    /// Builds the service's HTTP application; the executable and the tests both call this.
    public static func makeApplication(configuration: PlatformSettings, dependencies: ServiceDependencies) -> some ApplicationProtocol {
        ServiceApplication.make(blueprint: blueprint, configuration: configuration, dependencies: dependencies) { _ in }
    }
}
