import Foundation
import MPesaCore
import Platform
import SQLKit
import ServiceLifecycleTestKit
import Testing
import TestSupport

/// A tenant-data table of the kind services create: it carries `tenant_id` and gets row-level security.
let ledgerMigrations: [Migration] = [
    Migration(1, "notes", scope: .everyHome, tenantTables: ["notes"]) { dialect in
        [
            """
            CREATE TABLE notes (
                id \(dialect.autoIncrementPrimaryKey),
                tenant_id TEXT NOT NULL,
                body TEXT NOT NULL,
                amount_cents BIGINT NOT NULL
            )
            """,
            "CREATE INDEX notes_by_tenant ON notes (tenant_id)",
        ]
    },
    Migration(2, "settings", scope: .serviceHome) { _ in
        ["CREATE TABLE service_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)"]
    },
]

struct Note: Codable, Equatable, Sendable {
    var tenantId: String
    var body: String
    var amountCents: Int64

    enum CodingKeys: String, CodingKey {
        case tenantId = "tenant_id"
        case body
        case amountCents = "amount_cents"
    }
}

func insert(_ note: Note, on db: any SQLDatabase) async throws {
    try await db.raw("INSERT INTO notes (tenant_id, body, amount_cents) VALUES (\(bind: note.tenantId), \(bind: note.body), \(bind: note.amountCents))").run()
}

/// Reads every note visible to the session, deliberately without a tenant filter.
func allNotesWithoutWhereClause(on db: any SQLDatabase) async throws -> [Note] {
    try await db.raw("SELECT tenant_id, body, amount_cents FROM notes ORDER BY id").all(decoding: Note.self)
}

@Suite("Storage providers")
struct StorageTests {
    let acme = try! TenantID("acme")
    let globex = try! TenantID("globex")

    @Test("migrations apply once, are recorded, and re-running them changes nothing", arguments: StoreBackend.allCases)
    func migrationsAreIdempotent(backend: StoreBackend) async throws {
        let store = try await backend.openStore(migrations: ledgerMigrations)
        let versions = try await store.provider.withTransaction { db in
            try await db.raw("SELECT version FROM schema_migrations ORDER BY version").all(decodingColumn: "version", as: Int64.self)
        }
        #expect(versions == [-2, -1, 0, 1, 2])
        await store.close()
        let reopened = try await backend.reopen(store, migrations: ledgerMigrations)
        try await reopened.provider.migrate()
        let count = try await reopened.provider.withTransaction { db in
            try await db.raw("SELECT COUNT(*) AS n FROM schema_migrations").first(decodingColumn: "n", as: Int64.self)
        }
        #expect(count == 5)
        await reopened.destroy()
    }

    @Test("a migration edited after it was applied stops start-up", arguments: StoreBackend.allCases)
    func editedMigration(backend: StoreBackend) async throws {
        let store = try await backend.openStore(migrations: ledgerMigrations)
        await store.close()
        var edited = ledgerMigrations
        edited[1] = Migration(2, "settings", scope: .serviceHome) { _ in
            ["CREATE TABLE service_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL, extra TEXT)"]
        }
        await #expect(throws: StorageError.self) {
            _ = try await backend.reopen(store, migrations: edited)
        }
        let cleanup = try await backend.reopen(store, migrations: ledgerMigrations)
        await cleanup.destroy()
    }

    @Test("a transaction that throws leaves nothing behind", arguments: StoreBackend.allCases)
    func rollback(backend: StoreBackend) async throws {
        let store = try await backend.openStore(migrations: ledgerMigrations)
        let scope = TenantScope(acme, tier: .shared)
        struct Halfway: Error {}
        await #expect(throws: Halfway.self) {
            try await store.provider.withSession(tenant: scope) { db in
                try await insert(Note(tenantId: "acme", body: "first", amountCents: 100), on: db)
                throw Halfway()
            }
        }
        let notes = try await store.provider.withSession(tenant: scope) { db in try await allNotesWithoutWhereClause(on: db) }
        #expect(notes.isEmpty)
        await store.destroy()
    }

    @Test("a session whose task is cancelled half-way rolls back, and the store goes on working", arguments: StoreBackend.allCases)
    func cancelledSession(backend: StoreBackend) async throws {
        let store = try await backend.openStore(migrations: ledgerMigrations)
        let scope = TenantScope(acme, tier: .shared)
        let inserted = AsyncStream<Void>.makeStream()
        let session = Task {
            try await store.provider.withSession(tenant: scope) { db in
                try await insert(Note(tenantId: "acme", body: "abandoned", amountCents: 1), on: db)
                inserted.continuation.yield()
                // Cancelled here: every statement after this point is refused by the driver's thread pool.
                for await _ in AsyncStream<Void>.makeStream().stream {}
                try Task.checkCancellation()
                try await insert(Note(tenantId: "acme", body: "never", amountCents: 2), on: db)
            }
        }
        for await _ in inserted.stream { break }
        session.cancel()
        await #expect(throws: CancellationError.self) { try await session.value }
        // The next sessions begin, write and commit: the cancelled one did not leave its transaction open.
        for index in 0..<3 {
            try await store.provider.withSession(tenant: scope) { db in
                try await insert(Note(tenantId: "acme", body: "after \(index)", amountCents: 10), on: db)
            }
        }
        let notes = try await store.provider.withSession(tenant: scope) { db in try await allNotesWithoutWhereClause(on: db) }
        #expect(notes.map(\.body) == ["after 0", "after 1", "after 2"])
        await store.destroy()
    }

    @Test("a tenant database's pool opened by a service that then drains keeps serving the others")
    func poolOutlivesTheServiceThatOpenedIt() async throws {
        let store = try await StoreBackend.postgres.openStore(migrations: ledgerMigrations)
        let dedicated = TenantScope(globex, tier: .database)
        // The tenant's pool is opened from inside a service (provisioning runs its migrations), which is then told
        // to shut down.
        try await testGracefulShutdown { trigger in
            try await store.provider.provision(dedicated)
            try await store.provider.withSession(tenant: dedicated) { db in
                try await insert(Note(tenantId: "globex", body: "opened the pool", amountCents: 1), on: db)
            }
            trigger.triggerGracefulShutdown()
        }
        // Another service (a consumer still running) goes on using the pool while the first one drains: a pool that
        // stopped with it would fail these within a few milliseconds.
        for attempt in 0..<25 {
            try await store.provider.withSession(tenant: dedicated) { db in
                try await insert(Note(tenantId: "globex", body: "after the drain \(attempt)", amountCents: 2), on: db)
            }
            try await Task.sleep(for: .milliseconds(20))  // poll interval: the drain runs meanwhile
        }
        let notes = try await store.provider.withSession(tenant: dedicated) { db in try await allNotesWithoutWhereClause(on: db) }
        #expect(notes.count == 26)
        await store.destroy()
    }

    @Test("schema- and database-tier tenants get a home of their own, apart from shared tenants", arguments: StoreBackend.allCases, [IsolationTier.schema, .database])
    func dedicatedHomes(backend: StoreBackend, tier: IsolationTier) async throws {
        let store = try await backend.openStore(migrations: ledgerMigrations)
        let dedicated = TenantScope(globex, tier: tier)
        let shared = TenantScope(acme, tier: .shared)
        try await store.provider.provision(dedicated)
        try await store.provider.provision(shared)
        try await store.provider.provision(dedicated)  // idempotent

        try await store.provider.withSession(tenant: shared) { db in
            try await insert(Note(tenantId: "acme", body: "shared row", amountCents: 1), on: db)
        }
        try await store.provider.withSession(tenant: dedicated) { db in
            try await insert(Note(tenantId: "globex", body: "dedicated row", amountCents: 2), on: db)
        }
        let inDedicated = try await store.provider.withPrivilegedTransaction(in: .tenant(globex)) { db in try await allNotesWithoutWhereClause(on: db) }
        let inServiceHome = try await store.provider.withPrivilegedTransaction(in: .service) { db in try await allNotesWithoutWhereClause(on: db) }
        #expect(inDedicated.map(\.body) == ["dedicated row"])
        #expect(inServiceHome.map(\.body) == ["shared row"])
        #expect(try await store.provider.homes() == [.service, .tenant(globex)])

        // The dedicated home has the tenant tables and the outbox, but not the service-only tables.
        await #expect(throws: (any Error).self) {
            try await store.provider.withPrivilegedTransaction(in: .tenant(globex)) { db in
                try await db.raw("SELECT COUNT(*) AS n FROM service_settings").run()
            }
        }
        try await store.provider.withSession(tenant: dedicated) { db in
            try await db.raw("SELECT COUNT(*) AS n FROM outbox").run()
        }
        try await store.provider.dropHome(of: globex)
        await store.destroy()
    }

    @Test("a session for a tenant whose home was never provisioned is refused", arguments: StoreBackend.allCases, [IsolationTier.schema, .database])
    func unprovisionedHome(backend: StoreBackend, tier: IsolationTier) async throws {
        let store = try await backend.openStore(migrations: ledgerMigrations)
        await #expect(throws: TenantHomeMissing.self) {
            try await store.provider.withSession(tenant: TenantScope(globex, tier: tier)) { db in
                try await allNotesWithoutWhereClause(on: db)
            }
        }
        await #expect(throws: TenantHomeMissing.self) {
            try await store.provider.withPrivilegedTransaction(tenant: TenantScope(globex, tier: tier)) { db in
                try await allNotesWithoutWhereClause(on: db)
            }
        }
        await store.destroy()
    }

    @Test("a session goes to the home of the tier it names, whatever the tenant's record says", arguments: StoreBackend.allCases)
    func sessionsFollowTheNamedTier(backend: StoreBackend) async throws {
        let store = try await backend.openStore(migrations: ledgerMigrations)
        let schema = TenantScope(globex, tier: .schema)
        let database = TenantScope(globex, tier: .database)
        try await store.provider.provision(schema)
        try await store.provider.provision(database, recording: false)
        #expect(try await store.provider.recordedTier(of: globex) == .schema)
        #expect(try await store.provider.recordedTier(of: acme) == nil)
        #expect(try await store.provider.homes() == [.service, .tenant(globex)])

        try await store.provider.withSession(tenant: schema) { db in
            try await insert(Note(tenantId: "globex", body: "in the schema home", amountCents: 1), on: db)
        }
        let seenInDatabaseTier = try await store.provider.withSession(tenant: database) { db in try await allNotesWithoutWhereClause(on: db) }
        let oneHome = store.provider.homeIdentity(schema) == store.provider.homeIdentity(database)
        // SQLite keeps both dedicated tiers in one file per tenant; PostgreSQL has a schema and a database.
        #expect(oneHome == (backend == .sqlite))
        #expect(seenInDatabaseTier.map(\.body) == (oneHome ? ["in the schema home"] : []))
        #expect(store.provider.homeIdentity(TenantScope(acme, tier: .shared)) == store.provider.homeIdentity(TenantScope(globex, tier: .shared)))
        #expect(store.provider.homeIdentity(TenantScope(acme, tier: .schema)) != store.provider.homeIdentity(schema))

        try await store.provider.recordHome(database)
        #expect(try await store.provider.recordedTier(of: globex) == .database)
        // The relay's view (the recorded home) now is the database tier's home.
        let seenByRelay = try await store.provider.withPrivilegedTransaction(in: .tenant(globex)) { db in try await allNotesWithoutWhereClause(on: db) }
        #expect(seenByRelay.count == (oneHome ? 1 : 0))
        try await store.provider.dropHome(of: globex)
        await store.destroy()
    }

    @Test("dropping one tier's home leaves the other tier's home, and never a file the recorded tier still uses", arguments: StoreBackend.allCases)
    func dropOneTier(backend: StoreBackend) async throws {
        let store = try await backend.openStore(migrations: ledgerMigrations)
        let schema = TenantScope(globex, tier: .schema)
        let database = TenantScope(globex, tier: .database)
        try await store.provider.provision(database, recording: false)
        try await store.provider.provision(schema)
        try await store.provider.withSession(tenant: schema) { db in
            try await insert(Note(tenantId: "globex", body: "kept", amountCents: 1), on: db)
        }
        try await store.provider.dropHome(database)
        try await store.provider.dropHome(TenantScope(globex, tier: .shared))  // the service home is never dropped
        let kept = try await store.provider.withSession(tenant: schema) { db in try await allNotesWithoutWhereClause(on: db) }
        #expect(kept.map(\.body) == ["kept"])
        if backend == .postgres {
            await #expect(throws: TenantHomeMissing.self) {
                try await store.provider.withSession(tenant: database) { db in try await allNotesWithoutWhereClause(on: db) }
            }
        }
        // Once the tenant is recorded elsewhere, the dedicated home can go.
        try await store.provider.recordHome(TenantScope(globex, tier: .shared))
        try await store.provider.dropHome(schema)
        await #expect(throws: TenantHomeMissing.self) {
            try await store.provider.withSession(tenant: schema) { db in try await allNotesWithoutWhereClause(on: db) }
        }
        await store.destroy()
    }

    @Test("text that looks like SQL is stored as text", arguments: StoreBackend.allCases)
    func injectionStrings(backend: StoreBackend) async throws {
        let store = try await backend.openStore(migrations: ledgerMigrations)
        let scope = TenantScope(acme, tier: .shared)
        let hostile = ["'; DROP TABLE notes; --", "\" OR 1=1 --", "Robert'); DELETE FROM notes;--", "😀 ☃ Ünïcödé", "%s %d \\x00"]
        try await store.provider.withSession(tenant: scope) { db in
            for text in hostile { try await insert(Note(tenantId: "acme", body: text, amountCents: 1), on: db) }
        }
        let notes = try await store.provider.withSession(tenant: scope) { db in try await allNotesWithoutWhereClause(on: db) }
        #expect(notes.map(\.body) == hostile)
        await store.destroy()
    }

    @Test("concurrent sessions on one SQLite file all commit, one at a time")
    func concurrentSQLiteWrites() async throws {
        let store = try await StoreBackend.sqlite.openStore(migrations: ledgerMigrations)
        let scope = TenantScope(acme, tier: .shared)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<50 {
                group.addTask {
                    try await store.provider.withSession(tenant: scope) { db in
                        try await insert(Note(tenantId: "acme", body: "n\(index)", amountCents: Int64(index)), on: db)
                    }
                }
            }
            try await group.waitForAll()
        }
        let notes = try await store.provider.withSession(tenant: scope) { db in try await allNotesWithoutWhereClause(on: db) }
        #expect(notes.count == 50)
        #expect(notes.reduce(0) { $0 + $1.amountCents } == (0..<50).reduce(0, +))
        await store.destroy()
    }
}

@Suite("PostgreSQL row-level security")
struct RowLevelSecurityTests {
    @Test("a query in tenant A's session sees only A's rows even with no WHERE clause")
    func missingWhereClauseCannotLeak() async throws {
        let store = try await StoreBackend.postgres.openStore(migrations: ledgerMigrations)
        let acme = TenantScope(try TenantID("acme"), tier: .shared)
        let globex = TenantScope(try TenantID("globex"), tier: .shared)
        try await store.provider.withSession(tenant: acme) { db in
            try await insert(Note(tenantId: "acme", body: "acme secret", amountCents: 500), on: db)
        }
        try await store.provider.withSession(tenant: globex) { db in
            try await insert(Note(tenantId: "globex", body: "globex secret", amountCents: 700), on: db)
        }
        let seenByAcme = try await store.provider.withSession(tenant: acme) { db in try await allNotesWithoutWhereClause(on: db) }
        let seenByGlobex = try await store.provider.withSession(tenant: globex) { db in try await allNotesWithoutWhereClause(on: db) }
        #expect(seenByAcme.map(\.body) == ["acme secret"])
        #expect(seenByGlobex.map(\.body) == ["globex secret"])

        // Writing a row for another tenant is refused by the policy's WITH CHECK.
        await #expect(throws: (any Error).self) {
            try await store.provider.withSession(tenant: acme) { db in
                try await insert(Note(tenantId: "globex", body: "planted", amountCents: 1), on: db)
            }
        }
        // Updates and deletes without WHERE touch only the session's tenant.
        try await store.provider.withSession(tenant: acme) { db in
            try await db.raw("UPDATE notes SET amount_cents = 0").run()
            try await db.raw("DELETE FROM notes WHERE body LIKE '%secret'").run()
        }
        let globexAfter = try await store.provider.withSession(tenant: globex) { db in try await allNotesWithoutWhereClause(on: db) }
        #expect(globexAfter == [Note(tenantId: "globex", body: "globex secret", amountCents: 700)])

        // With no tenant set (a service-level transaction), no tenant rows are visible at all.
        let unscoped = try await store.provider.withTransaction { db in try await allNotesWithoutWhereClause(on: db) }
        #expect(unscoped.isEmpty)
        await store.destroy()
    }

    @Test("the tenant setting does not survive into the next transaction on a pooled connection")
    func settingsAreTransactionLocal() async throws {
        let store = try await StoreBackend.postgres.openStore(migrations: ledgerMigrations)
        let acme = TenantScope(try TenantID("acme"), tier: .shared)
        try await store.provider.withSession(tenant: acme) { db in
            try await insert(Note(tenantId: "acme", body: "a", amountCents: 1), on: db)
        }
        for _ in 0..<10 {
            let setting = try await store.provider.withTransaction { db in
                try await db.raw("SELECT COALESCE(current_setting('mpesa.tenant_id', true), '') AS t").first(decodingColumn: "t", as: String.self)
            }
            #expect(setting == "")
        }
        await store.destroy()
    }

    @Test("every tenant table has row-level security enabled and forced")
    func policiesExist() async throws {
        let store = try await StoreBackend.postgres.openStore(migrations: ledgerMigrations)
        let schema = store.provider.name
        struct Flags: Decodable { let relrowsecurity: Bool; let relforcerowsecurity: Bool }
        let flags = try await store.provider.withTransaction { db in
            try await db.raw(
                """
                SELECT c.relrowsecurity, c.relforcerowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = \(bind: schema) AND c.relname = 'notes'
                """
            ).first(decoding: Flags.self)
        }
        #expect(flags?.relrowsecurity == true)
        #expect(flags?.relforcerowsecurity == true)
        await store.destroy()
    }

    @Test("replicas starting together apply each migration exactly once")
    func concurrentMigrations() async throws {
        let name = TestEnvironment.uniqueName("m")
        let url = try TestEnvironment.postgresURL()
        let providers = try await withThrowingTaskGroup(of: PostgresDatabaseProvider.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await PostgresDatabaseProvider.connect(name: name, url: url, poolSize: 2, migrations: ledgerMigrations, logger: TestEnvironment.logger)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let count = try await providers[0].withTransaction { db in
            try await db.raw("SELECT COUNT(*) AS n FROM schema_migrations").first(decodingColumn: "n", as: Int64.self)
        }
        #expect(count == 5)
        for provider in providers.dropFirst() { await provider.shutdown() }
        await TestStore(provider: providers[0], directory: nil).destroy()
    }
}
