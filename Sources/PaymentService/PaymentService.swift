import Hummingbird
import Platform

/// The payment service (port 8007): M-PESA Daraja STK Push, status queries, callbacks, C2B and reconciliation.
///
/// It talks to Safaricom's Daraja API (or the local Daraja sandbox).
public enum PaymentService {
    /// Schema changes of this service's store, in order (the platform's own tables come first automatically).
    public static let migrations: [Migration] = []

    public static let blueprint = ServiceApplication.Blueprint(
        title: "M-PESA Analytics — payment service",
        description: "M-PESA payments through Safaricom's Daraja API: STK Push, queries, callbacks, C2B, reconciliation.",
        requiredUpstreams: []
    )

    /// Builds the service's HTTP application; the executable and the tests both call this.
    public static func makeApplication(configuration: PlatformSettings, dependencies: ServiceDependencies) -> some ApplicationProtocol {
        ServiceApplication.make(blueprint: blueprint, configuration: configuration, dependencies: dependencies) { _ in }
    }
}
