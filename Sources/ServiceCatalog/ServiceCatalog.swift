import AnalyticsService
import AuthService
import BillingService
import CashflowService
import CategorizerService
import Gateway
import Hummingbird
import ParserService
import PaymentService
import Platform
import TenantService
import WebhookService

/// Ties each service name to its module: the only place that knows every service module, for the executable and
/// for the tests that assemble services in-process.
public enum ServiceCatalog {
    public static func migrations(of service: ServiceName) -> [Migration] {
        switch service {
        case .gateway: []
        case .auth: AuthService.migrations
        case .tenant: TenantService.migrations
        case .analytics: AnalyticsService.migrations
        case .parser: ParserService.migrations
        case .categorizer: CategorizerService.migrations
        case .cashflow: CashflowService.migrations
        case .billing: BillingService.migrations
        case .payment: PaymentService.migrations
        case .webhook: WebhookService.migrations
        }
    }

    /// What the service declares about itself: title, required upstreams, body limit, schemas.
    public static func blueprint(of service: ServiceName) -> ServiceApplication.Blueprint {
        switch service {
        case .gateway: Gateway.blueprint
        case .auth: AuthService.blueprint
        case .tenant: TenantService.blueprint
        case .analytics: AnalyticsService.blueprint
        case .parser: ParserService.blueprint
        case .categorizer: CategorizerService.blueprint
        case .cashflow: CashflowService.blueprint
        case .billing: BillingService.blueprint
        case .payment: PaymentService.blueprint
        case .webhook: WebhookService.blueprint
        }
    }

    public static func application(of service: ServiceName, configuration: PlatformSettings, dependencies: ServiceDependencies) throws -> any ApplicationProtocol {
        switch service {
        case .gateway: try Gateway.makeApplication(configuration: configuration, dependencies: dependencies)
        case .auth: try AuthService.makeApplication(configuration: configuration, dependencies: dependencies)
        case .tenant: try TenantService.makeApplication(configuration: configuration, dependencies: dependencies)
        case .analytics: AnalyticsService.makeApplication(configuration: configuration, dependencies: dependencies)
        case .parser: ParserService.makeApplication(configuration: configuration, dependencies: dependencies)
        case .categorizer: CategorizerService.makeApplication(configuration: configuration, dependencies: dependencies)
        case .cashflow: CashflowService.makeApplication(configuration: configuration, dependencies: dependencies)
        case .billing: BillingService.makeApplication(configuration: configuration, dependencies: dependencies)
        case .payment: PaymentService.makeApplication(configuration: configuration, dependencies: dependencies)
        case .webhook: WebhookService.makeApplication(configuration: configuration, dependencies: dependencies)
        }
    }
}
