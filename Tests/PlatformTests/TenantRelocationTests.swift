import Foundation
import MPesaCore
@testable import Platform
import SQLKit
import Testing
import TestSupport

/// Two tenant tables covering every column type the stores use: `ledger_entries` (keyed like real ledger rows, by
/// tenant, receipt and line kind) and `notes`, which has no primary key and may hold identical rows.
let relocationMigrations: [Migration] = [
    Migration(1, "ledger_entries", scope: .everyHome, tenantTables: ["ledger_entries"]) { dialect in
        [
            """
            CREATE TABLE ledger_entries (
                tenant_id TEXT NOT NULL,
                receipt TEXT NOT NULL,
                line_kind TEXT NOT NULL,
                amount_cents BIGINT NOT NULL,
                counterparty TEXT,
                is_charge \(dialect.boolean) NOT NULL,
                rate \(dialect == .postgres ? "DOUBLE PRECISION" : "REAL"),
                raw \(dialect.bytes),
                PRIMARY KEY (tenant_id, receipt, line_kind)
            )
            """
        ]
    },
    Migration(2, "notes", scope: .everyHome, tenantTables: ["notes"]) { _ in
        ["CREATE TABLE notes (tenant_id TEXT NOT NULL, body TEXT NOT NULL, position BIGINT NOT NULL)"]
    },
    Migration(3, "service_settings", scope: .serviceHome) { _ in
        ["CREATE TABLE service_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)"]
    },
]

/// A tenant table keyed by an auto-increment id, as a service might still write one.
let serialMigrations: [Migration] = [
    Migration(1, "transfers", scope: .everyHome, tenantTables: ["transfers"]) { dialect in
        ["CREATE TABLE transfers (id \(dialect.autoIncrementPrimaryKey), tenant_id TEXT NOT NULL, amount_cents BIGINT NOT NULL)"]
    }
]

struct LedgerEntry: Codable, Hashable, Sendable {
    var tenantId: String
    var receipt: String
    var lineKind: String
    var amountCents: Int64
    var counterparty: String?
    var isCharge: Bool
    var rate: Double?
    var raw: Data?

    enum CodingKeys: String, CodingKey {
        case tenantId = "tenant_id"
        case receipt
        case lineKind = "line_kind"
        case amountCents = "amount_cents"
        case counterparty
        case isCharge = "is_charge"
        case rate, raw
    }

    /// Rows whose values are easy to get wrong: text that looks like numbers or booleans, bytes that are not UTF-8,
    /// integral doubles, extreme amounts, NULLs.
    static func samples(tenant: String, count: Int) -> [LedgerEntry] {
        let texts = ["1", "2.5", "true", "😀 ☃ Ünïcödé", "'; DROP TABLE notes; --", "Fuliza M-PESA"]
        let rates = [2.0, -0.5, 1e-7, 123_456.789]
        let bytes = [Data([0xFF, 0xFE, 0x00, 0x01]), Data("1".utf8), Data("receipt".utf8)]
        let amounts: [Int64] = [.max, .min, 0, -150]
        return (0..<count).map { index in
            LedgerEntry(
                tenantId: tenant,
                receipt: "R\(1000 + index / 2)",
                lineKind: index % 2 == 0 ? "payment" : "charge",
                amountCents: index < amounts.count ? amounts[index] : Int64(index * 1_250),
                counterparty: index % 4 == 3 ? nil : texts[index % texts.count],
                isCharge: index % 2 == 1,
                rate: index % 5 == 4 ? nil : rates[index % rates.count],
                raw: index % 3 == 2 ? nil : bytes[index % bytes.count]
            )
        }
    }
}

struct RelocationNote: Codable, Hashable, Sendable {
    var tenantId: String
    var body: String
    var position: Int64

    enum CodingKeys: String, CodingKey {
        case tenantId = "tenant_id"
        case body, position
    }
}

/// One move between two different tiers.
struct TierMove: Sendable, CustomStringConvertible {
    var from: IsolationTier
    var to: IsolationTier

    static let all: [TierMove] = IsolationTier.allCases.flatMap { from in
        IsolationTier.allCases.filter { $0 != from }.map { TierMove(from: from, to: $0) }
    }
    static let outOfDedicatedHomes = all.filter { $0.from != .shared }

    var description: String { "\(from.rawValue) → \(to.rawValue)" }
}

/// A store with tenant `acme` (the one that moves) in the move's source tier and tenant `globex` in the shared tier.
struct RelocationFixture {
    let store: TestStore
    let relocator: TenantRelocator
    let move: TierMove
    let acme = try! TenantID("acme")
    let globex = try! TenantID("globex")

    var provider: any DatabaseProvider { store.provider }
    var source: TenantScope { TenantScope(acme, tier: move.from) }
    var target: TenantScope { TenantScope(acme, tier: move.to) }
    var neighbour: TenantScope { TenantScope(globex, tier: .shared) }
    /// SQLite keeps the schema and database tiers in one file: such a move has nothing to copy.
    var isOneHome: Bool { provider.homeIdentity(source) == provider.homeIdentity(target) }

    static let acmeEntries = LedgerEntry.samples(tenant: "acme", count: 23)
    static let acmeNotes = [
        RelocationNote(tenantId: "acme", body: "first", position: 1),
        RelocationNote(tenantId: "acme", body: "same", position: 2),
        RelocationNote(tenantId: "acme", body: "same", position: 2),
        RelocationNote(tenantId: "acme", body: "", position: -3),
        RelocationNote(tenantId: "acme", body: "last", position: 9),
    ]
    static let globexEntries = LedgerEntry.samples(tenant: "globex", count: 6)
    static let globexNotes = [RelocationNote(tenantId: "globex", body: "neighbour", position: 1)]

    /// Opens a store, provisions both tenants and writes their rows through ordinary tenant sessions. A batch size of 4
    /// makes every table span several pages and statements.
    static func make(
        _ backend: StoreBackend,
        _ move: TierMove,
        beforeVerification: (@Sendable (any DatabaseProvider, TenantScope) async throws -> Void)? = nil
    ) async throws -> RelocationFixture {
        let store = try await backend.openStore(migrations: relocationMigrations)
        let provider = store.provider
        let relocator = TenantRelocator(
            provider: provider, migrations: relocationMigrations, logger: TestEnvironment.logger, batchSize: 4,
            beforeVerification: beforeVerification.map { hook in { @Sendable target in try await hook(provider, target) } }
        )
        let fixture = RelocationFixture(store: store, relocator: relocator, move: move)
        try await fixture.provider.provision(fixture.source)
        try await fixture.provider.provision(fixture.neighbour)
        try await fixture.write(acmeEntries, acmeNotes, in: fixture.source)
        try await fixture.write(globexEntries, globexNotes, in: fixture.neighbour)
        return fixture
    }

    func write(_ entries: [LedgerEntry], _ notes: [RelocationNote], in scope: TenantScope) async throws {
        try await provider.withSession(tenant: scope) { db in
            for entry in entries {
                try await db.insert(into: "ledger_entries").model(entry).run()
            }
            for note in notes {
                try await db.insert(into: "notes").model(note).run()
            }
        }
    }

    /// The tenant's entries in the home of `scope`, read through an ordinary tenant session.
    func entries(in scope: TenantScope) async throws -> [LedgerEntry] {
        try await provider.withSession(tenant: scope) { db in
            try await db.raw("SELECT * FROM ledger_entries WHERE tenant_id = \(bind: scope.tenant.rawValue) ORDER BY receipt, line_kind")
                .all(decoding: LedgerEntry.self)
        }
    }

    func notes(in scope: TenantScope) async throws -> [RelocationNote] {
        try await provider.withSession(tenant: scope) { db in
            try await db.raw("SELECT * FROM notes WHERE tenant_id = \(bind: scope.tenant.rawValue) ORDER BY position, body")
                .all(decoding: RelocationNote.self)
        }
    }

    /// What is left of the tenant in `scope`'s home: its census, or nil if the home is gone.
    func leftover(in scope: TenantScope) async throws -> TenantCensus? {
        do {
            return try await relocator.census(scope)
        } catch is TenantHomeMissing {
            return nil
        }
    }

    func destroy() async {
        try? await provider.dropHome(of: acme)
        try? await provider.dropHome(of: globex)
        await store.destroy()
    }

    /// Runs `body` with a fresh fixture and destroys it afterwards, also when `body` throws (an SQLite connection
    /// released unclosed stops the test process).
    static func with(
        _ backend: StoreBackend,
        _ move: TierMove,
        beforeVerification: (@Sendable (any DatabaseProvider, TenantScope) async throws -> Void)? = nil,
        _ body: (RelocationFixture) async throws -> Void
    ) async throws {
        let fixture = try await make(backend, move, beforeVerification: beforeVerification)
        do {
            try await body(fixture)
        } catch {
            await fixture.destroy()
            throw error
        }
        await fixture.destroy()
    }
}

/// Runs `body` with a fresh store and destroys it (and the dedicated homes of `tenants`) afterwards, also on errors.
func withStore(_ backend: StoreBackend, migrations: [Migration], tenants: [String] = [], _ body: (TestStore) async throws -> Void) async throws {
    let store = try await backend.openStore(migrations: migrations)
    func destroy() async {
        for tenant in tenants { try? await store.provider.dropHome(of: TenantID(tenant)) }
        await store.destroy()
    }
    do {
        try await body(store)
    } catch {
        await destroy()
        throw error
    }
    await destroy()
}

@Suite("Moving a tenant between isolation tiers")
struct TenantRelocationTests {
    @Test("moving a tenant copies every row, switches its home and leaves its neighbours alone", arguments: StoreBackend.allCases, TierMove.all)
    func move(backend: StoreBackend, move: TierMove) async throws {
        try await RelocationFixture.with(backend, move) { fixture in
            let relocator = fixture.relocator
            let before = try await relocator.census(fixture.source)
            let neighbourBefore = try await relocator.census(fixture.neighbour)
            let entriesBefore = try await fixture.entries(in: fixture.source)
            let notesBefore = try await fixture.notes(in: fixture.source)
            #expect(before.rows == 28)
            #expect(Set(entriesBefore) == Set(RelocationFixture.acmeEntries))

            let report = try await relocator.copy(fixture.acme, from: move.from, to: move.to)
            #expect(report.source == before)
            #expect(report.target == before)
            #expect(report.copiedRows == (fixture.isOneHome ? 0 : 28))
            #expect(try await relocator.census(fixture.target) == before)
            #expect(try await fixture.provider.recordedTier(of: fixture.acme) == move.from, "a copy does not switch the tenant")

            try await relocator.finish(fixture.acme, from: move.from, to: move.to)
            #expect(try await fixture.provider.recordedTier(of: fixture.acme) == move.to)
            #expect(try await fixture.entries(in: fixture.target) == entriesBefore)
            #expect(try await fixture.notes(in: fixture.target) == notesBefore)

            let left = try await fixture.leftover(in: fixture.source)
            if fixture.isOneHome {
                #expect(left == before)
            } else if move.from == .shared {
                #expect(left?.rows == 0)
            } else {
                #expect(left == nil, "the dedicated source home is dropped")
            }
            #expect(try await relocator.census(fixture.neighbour) == neighbourBefore)
            #expect(Set(try await fixture.entries(in: fixture.neighbour)) == Set(RelocationFixture.globexEntries))

            if backend == .postgres {
                // Row-level security: with no WHERE clause, each tenant's session sees only its own rows.
                let seenByNeighbour = try await fixture.provider.withSession(tenant: fixture.neighbour) { db in
                    try await db.raw("SELECT tenant_id FROM ledger_entries UNION ALL SELECT tenant_id FROM notes").all(decodingColumn: "tenant_id", as: String.self)
                }
                #expect(Set(seenByNeighbour) == ["globex"])
                #expect(seenByNeighbour.count == 7)
                let seenByMover = try await fixture.provider.withSession(tenant: fixture.target) { db in
                    try await db.raw("SELECT tenant_id FROM ledger_entries UNION ALL SELECT tenant_id FROM notes").all(decodingColumn: "tenant_id", as: String.self)
                }
                #expect(Set(seenByMover) == ["acme"])
                #expect(seenByMover.count == 28)
            }
            // The new home takes new rows.
            try await fixture.write([LedgerEntry(tenantId: "acme", receipt: "RNEW", lineKind: "payment", amountCents: 1, isCharge: false)], [], in: fixture.target)
            #expect(try await relocator.census(fixture.target).rows == 29)
        }
    }

    @Test("copying again after a crash leaves no duplicate rows", arguments: StoreBackend.allCases, TierMove.all)
    func copyTwice(backend: StoreBackend, move: TierMove) async throws {
        try await RelocationFixture.with(backend, move) { fixture in
            let before = try await fixture.relocator.census(fixture.source)
            if !fixture.isOneHome {
                // What a copy that crashed half-way leaves behind: the target exists and holds some of the rows.
                try await fixture.provider.provision(fixture.target, recording: false)
                try await fixture.write(Array(RelocationFixture.acmeEntries.prefix(5)), Array(RelocationFixture.acmeNotes.prefix(3)), in: fixture.target)
            }
            _ = try await fixture.relocator.copy(fixture.acme, from: move.from, to: move.to)
            let report = try await fixture.relocator.copy(fixture.acme, from: move.from, to: move.to)
            #expect(report.target == before)
            #expect(try await fixture.relocator.census(fixture.target) == before)
            #expect(try await fixture.notes(in: fixture.target).count == RelocationFixture.acmeNotes.count)
            try await fixture.relocator.finish(fixture.acme, from: move.from, to: move.to)
            // Finishing again (as after a crash following the switch) completes the clean-up and changes nothing else.
            try await fixture.relocator.finish(fixture.acme, from: move.from, to: move.to)
            #expect(try await fixture.relocator.census(fixture.target) == before)
        }
    }

    @Test("aborting a copy leaves the source intact and the target empty", arguments: StoreBackend.allCases, TierMove.all)
    func abort(backend: StoreBackend, move: TierMove) async throws {
        try await RelocationFixture.with(backend, move) { fixture in
            let before = try await fixture.relocator.census(fixture.source)
            let neighbourBefore = try await fixture.relocator.census(fixture.neighbour)
            _ = try await fixture.relocator.copy(fixture.acme, from: move.from, to: move.to)
            try await fixture.relocator.abort(fixture.acme, from: move.from, to: move.to)

            #expect(try await fixture.relocator.census(fixture.source) == before)
            #expect(try await fixture.provider.recordedTier(of: fixture.acme) == move.from)
            let left = try await fixture.leftover(in: fixture.target)
            if fixture.isOneHome {
                #expect(left == before, "one home: aborting removes nothing")
            } else if move.to == .shared {
                #expect(left?.rows == 0)
            } else {
                #expect(left == nil, "the unused dedicated home is dropped")
            }
            #expect(try await fixture.relocator.census(fixture.neighbour) == neighbourBefore)
        }
    }

    @Test("a finished move cannot be copied over or aborted", arguments: StoreBackend.allCases)
    func finishedMoveIsFinal(backend: StoreBackend) async throws {
        try await RelocationFixture.with(backend, TierMove(from: .shared, to: .schema)) { fixture in
            _ = try await fixture.relocator.copy(fixture.acme, from: .shared, to: .schema)
            try await fixture.relocator.finish(fixture.acme, from: .shared, to: .schema)
            let after = try await fixture.relocator.census(fixture.target)

            let copyError = await #expect(throws: RelocationError.self) {
                _ = try await fixture.relocator.copy(fixture.acme, from: .shared, to: .schema)
            }
            #expect(copyError == .notInSourceTier(tenant: fixture.acme, recorded: .schema, expected: .shared))
            let abortError = await #expect(throws: RelocationError.self) {
                try await fixture.relocator.abort(fixture.acme, from: .shared, to: .schema)
            }
            #expect(abortError == .targetIsLive(tenant: fixture.acme, tier: .schema))
            #expect(try await fixture.relocator.census(fixture.target) == after)
        }
    }

    @Test(
        "undelivered events and processed-event records leave a dedicated home with the tenant",
        arguments: StoreBackend.allCases, TierMove.outOfDedicatedHomes
    )
    func eventsMoveWithTheTenant(backend: StoreBackend, move: TierMove) async throws {
        try await RelocationFixture.with(backend, move) { fixture in
            let events = (1...3).map { record(key: "acme", sequence: $0) }
            let alreadyProcessed = record(key: "acme", sequence: 100)
            try await fixture.provider.withSession(tenant: fixture.source) { db in
                for event in events { try await Outbox.enqueue(event, on: db) }
                _ = try await ProcessedEvents.claim(alreadyProcessed.envelope.id, group: "ledger", on: db)
            }
            _ = try await fixture.relocator.copy(fixture.acme, from: move.from, to: move.to)
            // An event produced between the copy and the switch (it changes no tenant table) must not be lost either.
            let late = record(key: "acme", sequence: 4)
            try await fixture.provider.withSession(tenant: fixture.source) { db in try await Outbox.enqueue(late, on: db) }
            try await fixture.relocator.finish(fixture.acme, from: move.from, to: move.to)

            let waiting = try await fixture.provider.withPrivilegedTransaction(tenant: fixture.target) { db in
                try await db.raw("SELECT event_id FROM outbox ORDER BY id").all(decodingColumn: "event_id", as: String.self)
            }
            #expect(waiting == (events + [late]).map(\.envelope.id), "in the order they were produced")
            let claimedAgain = try await fixture.provider.withSession(tenant: fixture.target) { db in
                try await ProcessedEvents.claim(alreadyProcessed.envelope.id, group: "ledger", on: db)
            }
            #expect(!claimedAgain, "an event processed before the move is not processed again")

            let (log, logStore) = try await openLog(backend, partitions: 1)
            do {
                let relay = OutboxRelay(source: fixture.provider, log: log, logger: TestEnvironment.logger)
                #expect(try await relay.relayOnce() == 4)
                #expect(try await relay.relayOnce() == 0)
                let delivered = try await log.read(topic: "statements", partition: 0, after: 0, limit: 10).map(\.envelope.id)
                #expect(delivered == (events + [late]).map(\.envelope.id))
            } catch {
                await logStore.destroy()
                throw error
            }
            await logStore.destroy()
        }
    }

    @Test("a copy that does not match its source is reported and removed", arguments: StoreBackend.allCases, TierMove.all)
    func damagedCopy(backend: StoreBackend, move: TierMove) async throws {
        try await RelocationFixture.with(backend, move, beforeVerification: { provider, target in
            // Stands in for a copy that went wrong: one amount changes between writing and verifying.
            try await provider.withPrivilegedTransaction(tenant: target) { db in
                try await db.raw("UPDATE ledger_entries SET amount_cents = 42 WHERE tenant_id = 'acme' AND receipt = 'R1002'").run()
            }
        }) { fixture in
            guard !fixture.isOneHome else { return }
            let before = try await fixture.relocator.census(fixture.source)
            let error = await #expect(throws: RelocationError.self) {
                _ = try await fixture.relocator.copy(fixture.acme, from: move.from, to: move.to)
            }
            guard case .verificationFailed(let source, let target) = error else {
                Issue.record("expected verificationFailed, got \(String(describing: error))")
                return
            }
            #expect(source == before)
            #expect(target.differences(from: source).count == 1)
            #expect(target["ledger_entries"]?.rows == source["ledger_entries"]?.rows)
            #expect(target["ledger_entries"]?.checksum != source["ledger_entries"]?.checksum)

            #expect(try await fixture.relocator.census(fixture.source) == before)
            #expect(try await fixture.provider.recordedTier(of: fixture.acme) == move.from)
            let left = try await fixture.leftover(in: fixture.target)
            #expect(left == nil || left?.rows == 0, "the partial copy is removed")
        }
    }

    @Test("a source that changed after the copy stops the switch, and a fresh copy then finishes", arguments: StoreBackend.allCases, TierMove.all)
    func changedBeforeSwitch(backend: StoreBackend, move: TierMove) async throws {
        try await RelocationFixture.with(backend, move) { fixture in
            guard !fixture.isOneHome else { return }
            let before = try await fixture.relocator.census(fixture.source)
            _ = try await fixture.relocator.copy(fixture.acme, from: move.from, to: move.to)
            // A write that reached the source after the copy, as when writes were not paused.
            try await fixture.write([], [RelocationNote(tenantId: "acme", body: "written during the move", position: 10)], in: fixture.source)

            let error = await #expect(throws: RelocationError.self) {
                try await fixture.relocator.finish(fixture.acme, from: move.from, to: move.to)
            }
            guard case .changedSinceCopy(let source, let target) = error else {
                Issue.record("expected changedSinceCopy, got \(String(describing: error))")
                return
            }
            #expect(source["notes"]?.rows == 6)
            #expect(target == before)
            #expect(try await fixture.provider.recordedTier(of: fixture.acme) == move.from, "nothing was switched")

            _ = try await fixture.relocator.copy(fixture.acme, from: move.from, to: move.to)
            try await fixture.relocator.finish(fixture.acme, from: move.from, to: move.to)
            #expect(try await fixture.notes(in: fixture.target).map(\.body).contains("written during the move"))
        }
    }

    @Test("column values are read as the type the database stored, on both backends", arguments: StoreBackend.allCases)
    func columnValues(backend: StoreBackend) async throws {
        try await withStore(backend, migrations: []) { store in
            let query: SQLQueryString = backend == .postgres
                ? """
                  SELECT 7::bigint AS big, 7::int AS small, 2.0::float8 AS fraction, true AS flag, '1'::text AS one, '2.5'::text AS numeric_text,
                         '\\xff00'::bytea AS bytes, 'ok'::bytea AS text_bytes, '{"b": 1, "a": 2}'::jsonb AS doc, NULL::text AS absent
                  """
                : """
                  SELECT 7 AS big, 7 AS small, 2.0 AS fraction, 1 AS flag, '1' AS one, '2.5' AS numeric_text,
                         X'ff00' AS bytes, X'6f6b' AS text_bytes, '{"a":2,"b":1}' AS doc, NULL AS absent
                  """
            let row = try await store.provider.withTransaction { db in
                try await db.raw(query).all().map { try TableRow(decoding: $0, table: "literals") }.first
            }
            let values = Dictionary(uniqueKeysWithValues: zip(row?.columns ?? [], row?.values ?? []))
            #expect(values["big"] == .integer(7))
            #expect(values["small"] == .integer(7))
            #expect(values["fraction"] == .real(2.0))
            #expect(values["flag"] == (backend == .postgres ? .boolean(true) : .integer(1)))
            #expect(values["one"] == .text("1"))
            #expect(values["numeric_text"] == .text("2.5"))
            #expect(values["bytes"] == .bytes(Data([0xFF, 0x00])))
            #expect(values["text_bytes"] == .bytes(Data("ok".utf8)))
            #expect(values["doc"] == (backend == .postgres ? .json(#"{"a": 2, "b": 1}"#) : .text(#"{"a":2,"b":1}"#)))
            #expect(values["absent"] == .null)
            #expect(values["flag"].map(\.canonicalBytes) == ColumnValue.integer(1).canonicalBytes, "a boolean counts as 0 or 1 on both backends")

            if backend == .postgres {
                let error = await #expect(throws: RelocationError.self) {
                    try await store.provider.withTransaction { db in
                        _ = try await db.raw("SELECT now() AS stamp").all().map { try TableRow(decoding: $0, table: "literals") }
                    }
                }
                #expect(error.map { if case .unsupportedValue(_, "stamp", _) = $0 { true } else { false } } == true)
            }
        }
    }

    @Test("the same rows have the same census on both backends, in every tier and in any order")
    func censusAgreesEverywhere() async throws {
        var censuses: [TenantCensus] = []
        for backend in StoreBackend.allCases {
            for tier in IsolationTier.allCases {
                try await RelocationFixture.with(backend, TierMove(from: tier, to: tier == .shared ? .schema : .shared)) { fixture in
                    censuses.append(try await fixture.relocator.census(fixture.source))
                    #expect(fixture.relocator.tables == ["ledger_entries", "notes"])
                }
            }
        }
        // The same rows written in the opposite order.
        try await withStore(.sqlite, migrations: relocationMigrations) { store in
            let fixture = RelocationFixture(
                store: store,
                relocator: TenantRelocator(provider: store.provider, migrations: relocationMigrations, logger: TestEnvironment.logger),
                move: TierMove(from: .shared, to: .schema)
            )
            try await fixture.write(RelocationFixture.acmeEntries.reversed(), RelocationFixture.acmeNotes.reversed(), in: fixture.source)
            censuses.append(try await fixture.relocator.census(fixture.source))
        }
        #expect(censuses.count == 7)
        #expect(censuses.allSatisfy { $0 == censuses[0] })
    }

    @Test(
        "a table keyed by an auto-increment id keeps its ids and takes new rows after its tenant leaves the shared tier",
        arguments: StoreBackend.allCases, [IsolationTier.schema, .database]
    )
    func serialKeysLeavingSharedTier(backend: StoreBackend, to: IsolationTier) async throws {
        try await withStore(backend, migrations: serialMigrations, tenants: ["acme"]) { store in
            let relocator = TenantRelocator(provider: store.provider, migrations: serialMigrations, logger: TestEnvironment.logger, batchSize: 2)
            let acme = TenantScope(try TenantID("acme"), tier: .shared)
            let globex = TenantScope(try TenantID("globex"), tier: .shared)
            for (index, scope) in [acme, globex, acme, globex, acme].enumerated() {
                try await store.provider.withSession(tenant: scope) { db in
                    try await db.raw("INSERT INTO transfers (tenant_id, amount_cents) VALUES (\(bind: scope.tenant.rawValue), \(bind: Int64(index)))").run()
                }
            }
            _ = try await relocator.copy(acme.tenant, from: .shared, to: to)
            try await relocator.finish(acme.tenant, from: .shared, to: to)

            let target = TenantScope(acme.tenant, tier: to)
            try await store.provider.withSession(tenant: target) { db in
                try await db.raw("INSERT INTO transfers (tenant_id, amount_cents) VALUES ('acme', 99)").run()
            }
            let ids = try await store.provider.withSession(tenant: target) { db in
                try await db.raw("SELECT id FROM transfers ORDER BY id").all(decodingColumn: "id", as: Int64.self)
            }
            #expect(ids == [1, 3, 5, 6])
        }
    }

    @Test("moving into the shared tier refuses rows whose ids collide with another tenant's, and leaves nothing behind", arguments: StoreBackend.allCases)
    func serialKeysCollideInSharedTier(backend: StoreBackend) async throws {
        try await withStore(backend, migrations: serialMigrations, tenants: ["acme"]) { store in
            let relocator = TenantRelocator(provider: store.provider, migrations: serialMigrations, logger: TestEnvironment.logger)
            let acme = TenantScope(try TenantID("acme"), tier: .schema)
            let globex = TenantScope(try TenantID("globex"), tier: .shared)
            try await store.provider.provision(acme)
            for scope in [acme, acme, globex] {
                try await store.provider.withSession(tenant: scope) { db in
                    try await db.raw("INSERT INTO transfers (tenant_id, amount_cents) VALUES (\(bind: scope.tenant.rawValue), 1)").run()
                }
            }
            let before = try await relocator.census(acme)
            let globexBefore = try await relocator.census(globex)
            let error = await #expect(throws: RelocationError.self) {
                _ = try await relocator.copy(acme.tenant, from: .schema, to: .shared)
            }
            #expect(error.map { if case .writeFailed("transfers", _) = $0 { true } else { false } } == true)
            #expect(try await relocator.census(acme) == before)
            #expect(try await relocator.census(TenantScope(acme.tenant, tier: .shared)).rows == 0)
            #expect(try await relocator.census(globex) == globexBefore)
        }
    }
}
