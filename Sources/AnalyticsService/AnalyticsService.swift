import Hummingbird
import Platform

/// The analytics service (port 8000): each organisation's statements and ledger, aggregations, KPIs, insights,
/// reports and the forecast over its own ledger. docs/analytics.md explains the ledger and every figure.
///
/// It orchestrates the parser, categorizer and cashflow services over HTTP, as the user who asked, so it is ready
/// only when they are.
public enum AnalyticsService {
    /// Schema changes of this service's store, in order (the platform's own tables come first automatically).
    public static let migrations: [Migration] = AnalyticsMigrations.all

    public static let blueprint = ServiceApplication.Blueprint(
        title: "M-PESA Analytics — analytics service",
        description: """
            Upload M-PESA statements into the organisation's ledger (parsed, categorised and stored in one transaction, never \
            duplicated), then ask it anything: filtered and exported transactions, KPIs by day, week or month, categories, \
            counterparties, the hour-of-week heatmap, insights with their evidence, the monthly cash-flow report and the \
            lender summary (JSON, CSV or PDF) and a cash-flow forecast. docs/analytics.md explains every figure.
            """,
        requiredUpstreams: [.parser, .categorizer, .cashflow],
        schemas: AnalyticsSchemas.all
    )

    /// Builds the service's HTTP application; the executable and the tests both call this.
    public static func makeApplication(configuration: PlatformSettings, dependencies: ServiceDependencies) -> some ApplicationProtocol {
        var blueprint = self.blueprint
        // Statement files arrive here, so bodies may be as large as the statement upload limit.
        blueprint.maxBodyBytes = configuration.parserMaxUploadBytes
        var dependencies = dependencies
        let store = dependencies.tenantStore ?? TenantStore(database: dependencies.requireDatabase(), directory: dependencies.tenantDirectory)
        dependencies.tenantStore = store
        let upstreams = Upstreams(client: dependencies.httpClient, settings: configuration)
        let ingestion = StatementIngestion(
            store: store, upstreams: upstreams, time: dependencies.time, outboxSignal: dependencies.outboxSignal, logger: dependencies.logger, running: RunningJobs(),
            directory: dependencies.tenantDirectory
        )
        let parts = AnalyticsParts(store: store, ingestion: ingestion, upstreams: upstreams, time: dependencies.time, directory: dependencies.tenantDirectory, outboxSignal: dependencies.outboxSignal)
        return ServiceApplication.make(blueprint: blueprint, configuration: configuration, dependencies: dependencies) { router in
            StatementRoutes.register(on: router, parts: parts)
            TransactionRoutes.register(on: router, parts: parts)
            AnalysisRoutes.register(on: router, parts: parts)
            ReportRoutes.register(on: router, parts: parts)
            ForecastRoutes.register(on: router, parts: parts)
        }
    }
}
