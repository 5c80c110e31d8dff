import Categorization
import Hummingbird
import MPesaCore
import Platform
import ServiceLifecycle
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
        var background: [any Service] = []
        if let log = dependencies.eventLog {
            // A statement deleted in analytics takes its transactions out of this history too (counts, examples and
            // what recategorisation touches stay those of the ledger).
            background.append(EventConsumer(group: "categorizer-ledger", topics: ["analytics"], log: log, logger: dependencies.logger, metrics: dependencies.metrics) { event in
                guard event.envelope.type == "statement.deleted", let tenant = event.envelope.tenantId.flatMap({ try? TenantID($0) }),
                    let ids = event.envelope.data["transaction_ids"]?.arrayValue?.compactMap(\.stringValue), !ids.isEmpty
                else { return }
                try await store.write(tenant) { db in try await CategorizedTransactionStore.forget(tenant: tenant.rawValue, ids: ids, on: db) }
            })
        }
        return ServiceApplication.make(blueprint: blueprint, configuration: configuration, dependencies: dependencies, backgroundServices: background) { router in
            CategorizeRoutes.register(on: router, parts: parts)
            CategoryRoutes.register(on: router, parts: parts)
            RuleRoutes.register(on: router, parts: parts)
            JobRoutes.register(on: router, parts: parts)
        }
    }
}
