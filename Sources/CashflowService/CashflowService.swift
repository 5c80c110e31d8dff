import Hummingbird
import Platform

/// The cashflow service (port 8005): stateless compute over a tenant's daily series.
///
/// Trends, seasonality, forecasts, anomalies and runway arrive with issue #7.
public enum CashflowService {
    /// Schema changes of this service's store, in order (the platform's own tables come first automatically).
    public static let migrations: [Migration] = []

    public static let blueprint = ServiceApplication.Blueprint(
        title: "M-PESA Analytics — cashflow service",
        description: "Stateless forecasting, trend and anomaly computations. Feature endpoints: issue #7.",
        requiredUpstreams: []
    )

    /// Builds the service's HTTP application; the executable and the tests both call this.
    public static func makeApplication(configuration: PlatformSettings, dependencies: ServiceDependencies) -> some ApplicationProtocol {
        ServiceApplication.make(blueprint: blueprint, configuration: configuration, dependencies: dependencies) { _ in }
    }
}
