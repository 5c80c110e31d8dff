import Categorization
import Hummingbird
import Platform
import StatementGeneration

/// The categorizer service (port 8009): each organisation's categories, rules (versioned, with dry runs), learned
/// model and corrections, suggested rules, and recategorisation of its history. docs/categorization.md explains
/// the cascade and the model.
public enum CategorizerService {
    /// Schema changes of this service's store, in order (the platform's own tables come first automatically).
    public static let migrations: [Migration] = CategorizerMigrations.all

    public static let blueprint = ServiceApplication.Blueprint(
        title: "M-PESA Analytics — categorizer service",
        description: """
            Categorises M-PESA transactions: the organisation's rules, then its own corrections, then what the M-PESA kind settles, the \
            merchant directory of Kenyan paybills and tills, and a naive Bayes model that learns from every correction. Each result says \
            which step decided and why. docs/categorization.md explains it.
            """,
        maxBodyBytes: 16 << 20,
        schemas: CategorizerSchemas.all
    )

    /// Builds the service's HTTP application; the executable and the tests both call this.
    public static func makeApplication(configuration: PlatformSettings, dependencies: ServiceDependencies) -> some ApplicationProtocol {
        var dependencies = dependencies
        let store = dependencies.tenantStore ?? TenantStore(database: dependencies.requireDatabase(), directory: dependencies.tenantDirectory)
        dependencies.tenantStore = store
        let categorizing = Categorizing(store: store, models: TenantModels(), time: dependencies.time, outboxSignal: dependencies.outboxSignal)
        let rules = RuleBook(categorizing: categorizing)
        let parts = CategorizerParts(
            categorizing: categorizing, feedback: FeedbackLoop(categorizing: categorizing), rules: rules, categories: CategoryBook(categorizing: categorizing),
            recategorization: Recategorization(categorizing: categorizing, logger: dependencies.logger)
        )
        return ServiceApplication.make(blueprint: blueprint, configuration: configuration, dependencies: dependencies) { router in
            CategorizeRoutes.register(on: router, parts: parts)
            CategoryRoutes.register(on: router, parts: parts)
            RuleRoutes.register(on: router, parts: parts)
            JobRoutes.register(on: router, parts: parts)
        }
    }
}
