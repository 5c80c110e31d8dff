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
import ServiceLifecycle
import TenantService
import WebhookService

/// Ties each service name to its module: the only place that knows every service module.
enum ServiceCatalog {
    static func migrations(of service: ServiceName) -> [Migration] {
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

    static func application(of service: ServiceName, configuration: PlatformSettings, dependencies: ServiceDependencies) throws -> any Service {
        switch service {
        case .gateway: Gateway.makeApplication(configuration: configuration, dependencies: dependencies)
        case .auth: try AuthService.makeApplication(configuration: configuration, dependencies: dependencies)
        case .tenant: TenantService.makeApplication(configuration: configuration, dependencies: dependencies)
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
