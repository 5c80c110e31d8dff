import Foundation
import Hummingbird
import Logging
import MPesaCore
import Platform
import ServiceLifecycle

/// The tenant service (port 8002): organisations, members and roles, invitations, isolation tiers and moves between
/// them, plans' feature flags and limits, usage, and platform administration. The authority on who belongs to which
/// organisation: the auth service asks it whenever it mints a token, and every service learns an organisation's
/// status, tier and plan from it (``TenantDirectory``).
public enum TenantService {
    /// Schema changes of this service's store, in order (the platform's own tables come first automatically).
    public static let migrations: [Migration] = TenantMigrations.all

    public static let blueprint = ServiceApplication.Blueprint(
        title: "M-PESA Analytics — tenant service",
        description: """
            Organisations, members and roles (owner, admin, analyst, viewer), invitations by e-mail, isolation tiers (shared, \
            schema, database) with verified moves between them, plans' features and limits, usage, and platform administration. \
            docs/auth.md explains the model.
            """,
        schemas: TenantSchemas.all
    )

    /// The services that keep tenant data and so take part in tier moves.
    public static let relocationParticipants: [ServiceName] = [.tenant, .analytics, .categorizer, .billing, .payment, .webhook]

    /// Builds the service's HTTP application; the executable and the tests both call this.
    public static func makeApplication(configuration: PlatformSettings, dependencies: ServiceDependencies) throws -> some ApplicationProtocol {
        var dependencies = dependencies
        let database = dependencies.requireDatabase()
        // The tenant service is the directory: it reads organisations' facts from its own store, never over HTTP.
        let directory = TenantDirectory(ttl: .zero, logger: dependencies.logger) { tenant in
            try await database.withTransaction { db in try await OrganizationStore.find(tenant.rawValue, on: db) }.flatMap { $0.status == "deleted" ? nil : $0.facts }
        }
        let records = TenantStore(database: database, directory: directory)
        dependencies.tenantDirectory = directory
        dependencies.tenantStore = records
        let client = dependencies.internalClient(settings: configuration)
        let accounts = AuthAccounts(client: client)
        let access = OrganizationAccess(database: database)
        let organizations = Organizations(
            database: database, access: access, accounts: accounts, time: dependencies.time, deletionGrace: configuration.tenantDeletionGrace,
            outboxSignal: dependencies.outboxSignal, logger: dependencies.logger
        )
        let mail = InvitationMail(
            mailer: try MailTransport.make(configuration: configuration, logger: dependencies.logger), from: try MailTransport.sender(configuration),
            publicURL: configuration.publicURL, time: dependencies.time, logger: dependencies.logger
        )
        let moves = TierMoves(
            database: database, client: client, participants: relocationParticipants, time: dependencies.time, outboxSignal: dependencies.outboxSignal,
            wake: EventSignal(), logger: dependencies.logger
        )
        let parts = TenantParts(
            access: access, organizations: organizations,
            members: Members(database: database, time: dependencies.time, outboxSignal: dependencies.outboxSignal),
            invitations: Invitations(database: database, accounts: accounts, mail: mail, time: dependencies.time, outboxSignal: dependencies.outboxSignal),
            moves: moves, usage: UsageReport(database: database, records: records, accounts: accounts, time: dependencies.time), records: records,
            time: dependencies.time
        )
        var background: [any Service] = [
            TierMoveRunner(moves: moves), DeletionPurger(organizations: organizations, records: records, logger: dependencies.logger),
        ]
        if let log = dependencies.eventLog {
            let projections = Projections(database: database, records: records, logger: dependencies.logger)
            background.append(EventConsumer(group: "tenant-audit", topics: [TenantEvents.topic], log: log, logger: dependencies.logger, metrics: dependencies.metrics) { event in
                try await projections.audit(event)
            })
            background.append(EventConsumer(group: "tenant-usage", topics: ["usage"], log: log, logger: dependencies.logger, metrics: dependencies.metrics) { event in
                try await projections.usage(event)
            })
        }
        return ServiceApplication.make(blueprint: blueprint, configuration: configuration, dependencies: dependencies, backgroundServices: background) { router in
            OrganizationRoutes.register(on: router, parts: parts)
            MemberRoutes.register(on: router, parts: parts)
            InvitationRoutes.register(on: router, parts: parts)
            IsolationRoutes.register(on: router, parts: parts)
            AdminRoutes.register(on: router, parts: parts)
            InternalRoutes.register(on: router, parts: parts)
        }
    }
}
