import Hummingbird
import Platform

/// The analytics service (port 8000): each tenant's statements and ledger, aggregations, KPIs, reports and insights.
///
/// It orchestrates the parser, categorizer and cashflow services, so it is ready only when they are. Feature endpoints arrive with issue #7.
public enum AnalyticsService {
    /// Schema changes of this service's store, in order (the platform's own tables come first automatically).
    public static let migrations: [Migration] = []

    public static let blueprint = ServiceApplication.Blueprint(
        title: "M-PESA Analytics — analytics service",
        description: "Statements, the transaction ledger, KPIs, reports and insights of each tenant. Feature endpoints: issue #7.",
        requiredUpstreams: [.parser, .categorizer, .cashflow]
    )

    /// Builds the service's HTTP application; the executable and the tests both call this.
    public static func makeApplication(configuration: PlatformSettings, dependencies: ServiceDependencies) -> some ApplicationProtocol {
        var blueprint = self.blueprint
        // Statement files arrive here, so bodies may be as large as the statement upload limit.
        blueprint.maxBodyBytes = configuration.parserMaxUploadBytes
        return ServiceApplication.make(blueprint: blueprint, configuration: configuration, dependencies: dependencies) { _ in }
    }
}
