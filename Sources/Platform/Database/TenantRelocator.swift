import Logging
import MPesaCore
import PostgresNIO
import SQLKit

/// Moves one tenant's data between isolation tiers of one store, with nothing lost and nothing doubled
/// (ARCHITECTURE §5).
///
/// A move is ``copy(_:from:to:)`` into an unrecorded target, verified by census, then ``finish(_:from:to:)``, which
/// switches the tenant's record, carries undelivered events over and removes the source; or ``abort(_:from:to:)``.
/// The tenant's writes must be paused from the copy until `finish` returns: `finish` checks that source and copy
/// still match and refuses to switch if they do not, but a write between that check and the switch would be left
/// behind, and sessions route by the tier their caller names, not by the record.
public struct TenantRelocator: Sendable {
    /// The store's tenant tables (`Migration.tenantTables` of `.everyHome` migrations), in creation order.
    public let tables: [String]
    private let provider: any DatabaseProvider
    private let batchSize: Int
    private let logger: Logger
    /// Runs between a copy and its verification, with the target; tests use it to damage a copy.
    private let beforeVerification: (@Sendable (TenantScope) async throws -> Void)?

    /// `batchSize` rows are read per page and written per statement (fewer if a table is wide).
    public init(provider: any DatabaseProvider, migrations: [Migration], logger: Logger, batchSize: Int = 500) {
        self.init(provider: provider, migrations: migrations, logger: logger, batchSize: batchSize, beforeVerification: nil)
    }

    init(
        provider: any DatabaseProvider,
        migrations: [Migration],
        logger: Logger,
        batchSize: Int,
        beforeVerification: (@Sendable (TenantScope) async throws -> Void)?
    ) {
        precondition(batchSize > 0, "batchSize must be positive")
        self.provider = provider
        self.tables = migrations.filter { $0.scope == .everyHome }.sorted { $0.version < $1.version }.flatMap(\.tenantTables)
        self.logger = logger
        self.batchSize = batchSize
        self.beforeVerification = beforeVerification
    }

    /// Counts and an order-independent checksum of each tenant table's rows of `scope.tenant` in the home of `scope`.
    public func census(_ scope: TenantScope) async throws -> TenantCensus {
        var tables: [TableCensus] = []
        for table in self.tables {
            var digests: [[UInt8]] = []
            try await reader(table, in: scope).forEachPage { rows in
                digests += rows.map(RowChecksum.digest)
            }
            tables.append(TableCensus(table: table, rows: digests.count, checksum: RowChecksum.checksum(digests)))
        }
        return TenantCensus(tables: tables)
    }

    /// Provisions the target home (unrecorded), copies every tenant table's rows of the tenant in batches, then
    /// verifies that row counts and checksums of source and target are identical.
    ///
    /// Idempotent: a re-run after a crash first clears the tenant's rows in the target. Throws
    /// ``RelocationError/verificationFailed(source:target:)`` when they differ, after removing the partial copy (the
    /// copy is removed after any other failure too). When source and target are one physical home (SQLite's schema
    /// and database tiers) it copies nothing and reports the census of that home.
    public func copy(_ tenant: TenantID, from: IsolationTier, to: IsolationTier) async throws -> RelocationReport {
        let source = TenantScope(tenant, tier: from)
        let target = TenantScope(tenant, tier: to)
        try requireSource(tenant, recorded: try await provider.recordedTier(of: tenant), from: from)
        if isOneHome(source, target) {
            let census = try await census(source)
            return RelocationReport(source: census, target: census, copiedRows: 0)
        }
        try await provider.provision(target, recording: false)
        do {
            try await deleteRows(of: tenant, in: target)
            var copied = 0
            for table in tables {
                copied += try await copyRows(of: table, from: source, to: target)
            }
            if provider.dialect == .postgres {
                try await advanceSequences(in: target)
            }
            try await beforeVerification?(target)
            let sourceCensus = try await census(source)
            let targetCensus = try await census(target)
            guard sourceCensus == targetCensus else {
                throw RelocationError.verificationFailed(source: sourceCensus, target: targetCensus)
            }
            logger.info("copied tenant", metadata: ["tenant": "\(tenant)", "from": "\(from)", "to": "\(to)", "rows": "\(copied)"])
            return RelocationReport(source: sourceCensus, target: targetCensus, copiedRows: copied)
        } catch {
            do {
                try await removeCopy(target)
            } catch let cleanup {
                logger.warning("could not remove a failed copy; the next copy clears it", metadata: ["tenant": "\(tenant)", "error": "\(ErrorText.short(cleanup))"])
            }
            throw error
        }
    }

    /// Records the target as the tenant's home, moves any undelivered outbox rows and the processed_events rows of a
    /// dedicated source home into the target home (so no event is lost or re-processed), then deletes the tenant's
    /// rows from a shared source (`DELETE … WHERE tenant_id`) or drops a dedicated source home.
    ///
    /// First checks that source and copy still match (throwing ``RelocationError/changedSinceCopy(source:target:)``
    /// and switching nothing if not). Safe to run again after a crash: once the record names the target it skips
    /// the check and completes the clean-up.
    public func finish(_ tenant: TenantID, from: IsolationTier, to: IsolationTier) async throws {
        let source = TenantScope(tenant, tier: from)
        let target = TenantScope(tenant, tier: to)
        let recorded = try await provider.recordedTier(of: tenant)
        guard !isOneHome(source, target) else {
            try requireSource(tenant, recorded: recorded, from: from, orAlready: to)
            try await provider.recordHome(target)
            return
        }
        let switched = recorded == to
        if !switched {
            try requireSource(tenant, recorded: recorded, from: from)
            let sourceCensus = try await census(source)
            let targetCensus = try await census(target)
            guard sourceCensus == targetCensus else {
                throw RelocationError.changedSinceCopy(source: sourceCensus, target: targetCensus)
            }
            // Before the switch, so moved events get lower outbox ids in the target than anything written there
            // afterwards, and the target relays them first.
            if from != .shared { try await moveEvents(from: source, to: target) }
            try await provider.recordHome(target)
        }
        if from == .shared {
            try await deleteRows(of: tenant, in: source)
        } else {
            // Again after the switch, for events the source took after the first pass (the event log ignores any
            // event relayed twice, by id).
            do {
                try await moveEvents(from: source, to: target)
            } catch is TenantHomeMissing {
                // A re-run after the source home was already dropped.
            }
            try await provider.dropHome(source)
        }
        logger.info("moved tenant", metadata: ["tenant": "\(tenant)", "from": "\(from)", "to": "\(to)"])
    }

    /// Undoes a copy that will not be used: removes the tenant's rows / home in the target; the source is untouched.
    public func abort(_ tenant: TenantID, from: IsolationTier, to: IsolationTier) async throws {
        let source = TenantScope(tenant, tier: from)
        let target = TenantScope(tenant, tier: to)
        guard !isOneHome(source, target) else { return }
        if try await provider.recordedTier(of: tenant) == to {
            throw RelocationError.targetIsLive(tenant: tenant, tier: to)
        }
        try await removeCopy(target)
    }

    // MARK: Steps

    private func isOneHome(_ source: TenantScope, _ target: TenantScope) -> Bool {
        provider.homeIdentity(source) == provider.homeIdentity(target)
    }

    /// A move starts where the tenant is recorded; a shared tenant may never have been recorded at all.
    private func requireSource(_ tenant: TenantID, recorded: IsolationTier?, from: IsolationTier, orAlready to: IsolationTier? = nil) throws {
        if recorded == from || (recorded == nil && from == .shared) || (to != nil && recorded == to) { return }
        throw RelocationError.notInSourceTier(tenant: tenant, recorded: recorded, expected: from)
    }

    private func reader(_ table: String, in scope: TenantScope) -> TenantTableReader {
        TenantTableReader(provider: provider, scope: scope, table: table, pageSize: batchSize)
    }

    private func copyRows(of table: String, from source: TenantScope, to target: TenantScope) async throws -> Int {
        var copied = 0
        try await reader(table, in: source).forEachPage { rows in
            try await insert(rows, into: table, in: target)
            copied += rows.count
        }
        return copied
    }

    /// Writes one page as multi-row `INSERT`s, keeping under both backends' limits on bound parameters.
    private func insert(_ rows: [TableRow], into table: String, in scope: TenantScope) async throws {
        guard let columns = rows.first?.columns else { return }
        let perStatement = max(1, min(batchSize, 30_000 / max(1, columns.count)))
        let dialect = provider.dialect
        do {
            try await provider.withPrivilegedTransaction(tenant: scope) { db in
                for start in stride(from: 0, to: rows.count, by: perStatement) {
                    let insert = db.insert(into: SQLRaw(try SQLIdentifier.quoted(table))).columns(columns)
                    for row in rows[start..<min(start + perStatement, rows.count)] {
                        _ = insert.values(row.values.map { $0.sqlExpression(dialect) })
                    }
                    try await insert.run()
                }
            }
        } catch let error as PSQLError {
            throw RelocationError.writeFailed(table: table, reason: PostgresErrorText.describe(error))
        } catch let error as RelocationError {
            throw error
        } catch {
            throw RelocationError.writeFailed(table: table, reason: ErrorText.short(error))
        }
    }

    /// Explicit ids written by the copy do not move PostgreSQL sequences; without this the target's next insert would
    /// be handed an id the copy already used. Sequences only move forward. (SQLite's AUTOINCREMENT follows the
    /// largest id written by itself.)
    private func advanceSequences(in scope: TenantScope) async throws {
        let tables = self.tables
        try await provider.withPrivilegedTransaction(tenant: scope) { db in
            for table in tables {
                let serials = try await db.raw(
                    """
                    SELECT a.attname::text AS name, pg_get_serial_sequence(\(bind: table), a.attname) AS sequence FROM pg_attribute a
                    WHERE a.attrelid = to_regclass(\(bind: table)) AND a.attnum > 0 AND NOT a.attisdropped
                    """
                ).all()
                for serial in serials where try !serial.decodeNil(column: "sequence") {
                    let column = try serial.decode(column: "name", as: String.self)
                    let sequence = try serial.decode(column: "sequence", as: String.self)
                    try await db.raw(
                        """
                        SELECT setval(\(bind: sequence)::regclass, GREATEST(MAX(\(ident: column)), COALESCE(pg_sequence_last_value(\(bind: sequence)::regclass), 0)))
                        FROM \(ident: table) HAVING MAX(\(ident: column)) IS NOT NULL
                        """
                    ).run()
                }
            }
        }
    }

    /// Removes what a copy put in `target`: the tenant's rows from the shared home, or the whole dedicated home.
    private func removeCopy(_ target: TenantScope) async throws {
        if target.tier == .shared {
            try await deleteRows(of: target.tenant, in: target)
        } else {
            try await provider.dropHome(target)
        }
    }

    /// Deletes the tenant's rows of every tenant table in the home of `scope`, in one transaction, newest table
    /// first so rows that refer to older tables go before what they refer to.
    private func deleteRows(of tenant: TenantID, in scope: TenantScope) async throws {
        let tables = self.tables
        try await provider.withPrivilegedTransaction(tenant: scope) { db in
            for table in tables.reversed() {
                try await db.raw("DELETE FROM \(unsafeRaw: try SQLIdentifier.quoted(table)) WHERE tenant_id = \(bind: tenant.rawValue)").run()
            }
        }
    }

    /// Copies the outbox (undelivered events, in production order) and the processed-event records of a dedicated
    /// home into `target`. Rows already there are kept, so a second pass or a re-run adds nothing twice.
    private func moveEvents(from source: TenantScope, to target: TenantScope) async throws {
        let batchSize = self.batchSize
        var afterID: Int64 = 0
        while true {
            let cursor = afterID
            let events = try await provider.withPrivilegedTransaction(tenant: source) { db in
                try await db.raw(
                    "SELECT id, event_id, topic, event_key, event_type, payload, created_at FROM outbox WHERE id > \(bind: cursor) ORDER BY id LIMIT \(bind: batchSize)"
                ).all(decoding: OutboxRow.self)
            }
            guard let last = events.last else { break }
            try await provider.withPrivilegedTransaction(tenant: target) { db in
                for event in events {
                    try await db.raw(
                        """
                        INSERT INTO outbox (event_id, topic, event_key, event_type, payload, created_at)
                        VALUES (\(bind: event.eventID), \(bind: event.topic), \(bind: event.eventKey), \(bind: event.eventType), \(bind: event.payload), \(bind: event.createdAt))
                        ON CONFLICT (event_id) DO NOTHING
                        """
                    ).run()
                }
            }
            afterID = last.id
        }
        var afterKey: (group: String, event: String) = ("", "")
        while true {
            let cursor = afterKey
            let processed = try await provider.withPrivilegedTransaction(tenant: source) { db in
                try await db.raw(
                    """
                    SELECT consumer_group, event_id, processed_at FROM processed_events
                    WHERE (consumer_group, event_id) > (\(bind: cursor.group), \(bind: cursor.event))
                    ORDER BY consumer_group, event_id LIMIT \(bind: batchSize)
                    """
                ).all(decoding: ProcessedRow.self)
            }
            guard let last = processed.last else { break }
            try await provider.withPrivilegedTransaction(tenant: target) { db in
                for row in processed {
                    try await db.raw(
                        """
                        INSERT INTO processed_events (consumer_group, event_id, processed_at)
                        VALUES (\(bind: row.consumerGroup), \(bind: row.eventID), \(bind: row.processedAt))
                        ON CONFLICT (consumer_group, event_id) DO NOTHING
                        """
                    ).run()
                }
            }
            afterKey = (last.consumerGroup, last.eventID)
        }
    }

    private struct OutboxRow: Decodable {
        let id: Int64
        let eventID: String
        let topic: String
        let eventKey: String
        let eventType: String
        let payload: String
        let createdAt: Int64

        enum CodingKeys: String, CodingKey {
            case id, topic, payload
            case eventID = "event_id"
            case eventKey = "event_key"
            case eventType = "event_type"
            case createdAt = "created_at"
        }
    }

    private struct ProcessedRow: Decodable {
        let consumerGroup: String
        let eventID: String
        let processedAt: Int64

        enum CodingKeys: String, CodingKey {
            case consumerGroup = "consumer_group"
            case eventID = "event_id"
            case processedAt = "processed_at"
        }
    }
}
