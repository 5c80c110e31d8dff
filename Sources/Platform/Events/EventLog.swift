import Foundation
import Logging
import PostgresNIO
import SQLKit

/// The append-only event log (ARCHITECTURE §6), Kafka-shaped: topics split into partitions by key, gapless
/// offsets per partition, consumer groups with committed offsets, and leases so one member of a group reads a
/// partition at a time.
///
/// It lives in its own store (`events`): a SQLite file, or the `events` schema on PostgreSQL, where appends
/// `NOTIFY` listeners so consumers wake at once instead of polling.
public final class EventLog: Sendable {
    public static let notifyChannel = "mpesa_events"

    public let store: any DatabaseProvider
    public let partitions: Int
    /// Poked after every append in this process and on every PostgreSQL notification.
    public let signal = EventSignal()
    public let pollInterval: Duration

    public static let migrations: [Migration] = [
        Migration(1, "event_log", scope: .serviceHome) { _ in
            [
                """
                CREATE TABLE IF NOT EXISTS event_log (
                    topic TEXT NOT NULL,
                    partition_no INTEGER NOT NULL,
                    log_offset BIGINT NOT NULL,
                    event_id TEXT NOT NULL UNIQUE,
                    event_key TEXT NOT NULL,
                    event_type TEXT NOT NULL,
                    tenant_id TEXT,
                    payload TEXT NOT NULL,
                    appended_at BIGINT NOT NULL,
                    PRIMARY KEY (topic, partition_no, log_offset)
                )
                """,
                """
                CREATE TABLE IF NOT EXISTS consumer_offsets (
                    consumer_group TEXT NOT NULL,
                    topic TEXT NOT NULL,
                    partition_no INTEGER NOT NULL,
                    committed_offset BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    PRIMARY KEY (consumer_group, topic, partition_no)
                )
                """,
                """
                CREATE TABLE IF NOT EXISTS leases (
                    name TEXT PRIMARY KEY,
                    owner TEXT NOT NULL,
                    expires_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE IF NOT EXISTS dead_letters (
                    consumer_group TEXT NOT NULL,
                    event_id TEXT NOT NULL,
                    topic TEXT NOT NULL,
                    partition_no INTEGER NOT NULL,
                    log_offset BIGINT NOT NULL,
                    error TEXT NOT NULL,
                    failed_at BIGINT NOT NULL,
                    PRIMARY KEY (consumer_group, event_id)
                )
                """,
            ]
        }
    ]

    public init(store: any DatabaseProvider, partitions: Int, pollInterval: Duration) {
        self.store = store
        self.partitions = partitions
        self.pollInterval = pollInterval
    }

    /// The partition of a key: stable across processes and restarts.
    public func partition(of key: String) -> Int {
        Int(FNV1a.hash(key) % UInt64(partitions))
    }

    /// Appends records in order, skipping any whose event id is already in the log (the relay may retry).
    public func append(_ records: [EventRecord]) async throws {
        guard !records.isEmpty else { return }
        let dialect = store.dialect
        let partitioned = records.map { ($0, partition(of: $0.key)) }
        try await store.withTransaction { db in
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            if dialect == .postgres {
                // Offsets are max+1 per partition; the transaction-scoped lock makes commit order equal offset order,
                // so a consumer can never skip past an append that commits late.
                for key in Set(partitioned.map { "\($0.0.topic)#\($0.1)" }).sorted() {
                    try await db.raw("SELECT pg_advisory_xact_lock(\(bind: Int64(bitPattern: FNV1a.hash("events:" + key))))").run()
                }
            }
            for (record, partition) in partitioned {
                let exists = try await db.raw("SELECT 1 AS present FROM event_log WHERE event_id = \(bind: record.envelope.id)").first()
                if exists != nil { continue }
                let payload = try record.envelope.encoded()
                try await db.raw(
                    """
                    INSERT INTO event_log (topic, partition_no, log_offset, event_id, event_key, event_type, tenant_id, payload, appended_at)
                    SELECT \(bind: record.topic), \(bind: partition), COALESCE(MAX(log_offset), 0) + 1, \(bind: record.envelope.id),
                           \(bind: record.key), \(bind: record.envelope.type), \(bind: record.envelope.tenantId), \(bind: payload), \(bind: now)
                    FROM event_log WHERE topic = \(bind: record.topic) AND partition_no = \(bind: partition)
                    """
                ).run()
            }
            if dialect == .postgres {
                for topic in Set(records.map(\.topic)) {
                    try await db.raw("SELECT pg_notify(\(bind: Self.notifyChannel), \(bind: topic))").run()
                }
            }
        }
        signal.notify()
    }

    /// Events of one partition after `offset`, oldest first.
    public func read(topic: String, partition: Int, after offset: Int64, limit: Int) async throws -> [LoggedEvent] {
        let rows = try await store.withTransaction { db in
            try await db.raw(
                """
                SELECT log_offset, event_key, payload FROM event_log
                WHERE topic = \(bind: topic) AND partition_no = \(bind: partition) AND log_offset > \(bind: offset)
                ORDER BY log_offset LIMIT \(bind: limit)
                """
            ).all(decoding: Row.self)
        }
        return try rows.map { row in
            LoggedEvent(topic: topic, partition: partition, offset: row.logOffset, key: row.eventKey, envelope: try EventEnvelope.decode(row.payload))
        }
    }

    private struct Row: Decodable {
        let logOffset: Int64
        let eventKey: String
        let payload: String

        enum CodingKeys: String, CodingKey {
            case logOffset = "log_offset"
            case eventKey = "event_key"
            case payload
        }
    }

    /// The last offset `group` committed for a partition (0 when it has read nothing).
    public func committedOffset(group: String, topic: String, partition: Int) async throws -> Int64 {
        try await store.withTransaction { db in
            try await db.raw(
                "SELECT committed_offset FROM consumer_offsets WHERE consumer_group = \(bind: group) AND topic = \(bind: topic) AND partition_no = \(bind: partition)"
            ).first(decodingColumn: "committed_offset", as: Int64.self) ?? 0
        }
    }

    /// Commits `offset` for `group` if `owner` still holds the partition's lease (a member that lost its lease
    /// cannot move the group backwards or forwards). Returns whether the commit happened.
    @discardableResult
    public func commit(group: String, topic: String, partition: Int, offset: Int64, owner: String) async throws -> Bool {
        let lease = Self.leaseName(group: group, topic: topic, partition: partition)
        return try await store.withTransaction { db in
            let holder = try await db.raw("SELECT owner FROM leases WHERE name = \(bind: lease)").first(decodingColumn: "owner", as: String.self)
            guard holder == owner else { return false }
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            try await db.raw(
                """
                INSERT INTO consumer_offsets (consumer_group, topic, partition_no, committed_offset, updated_at)
                VALUES (\(bind: group), \(bind: topic), \(bind: partition), \(bind: offset), \(bind: now))
                ON CONFLICT (consumer_group, topic, partition_no) DO UPDATE SET committed_offset = excluded.committed_offset, updated_at = excluded.updated_at
                """
            ).run()
            return true
        }
    }

    /// Takes or renews the lease `name` for `owner` for `ttl`; false if another live owner holds it.
    public func acquireLease(_ name: String, owner: String, ttl: Duration) async throws -> Bool {
        try await store.withTransaction { db in
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let expires = now + Int64(ttl.components.seconds * 1000) + ttl.components.attoseconds / 1_000_000_000_000_000
            try await db.raw(
                """
                INSERT INTO leases (name, owner, expires_at) VALUES (\(bind: name), \(bind: owner), \(bind: expires))
                ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
                WHERE leases.owner = excluded.owner OR leases.expires_at < \(bind: now)
                """
            ).run()
            let holder = try await db.raw("SELECT owner FROM leases WHERE name = \(bind: name)").first(decodingColumn: "owner", as: String.self)
            return holder == owner
        }
    }

    /// Gives up a lease at once (on clean shutdown) so another member takes over without waiting for expiry.
    public func releaseLease(_ name: String, owner: String) async throws {
        try await store.withTransaction { db in
            try await db.raw("DELETE FROM leases WHERE name = \(bind: name) AND owner = \(bind: owner)").run()
        }
    }

    /// Parks an event a consumer keeps failing on, so the partition can move on; operators replay from here.
    public func deadLetter(_ event: LoggedEvent, group: String, error: String) async throws {
        try await store.withTransaction { db in
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            try await db.raw(
                """
                INSERT INTO dead_letters (consumer_group, event_id, topic, partition_no, log_offset, error, failed_at)
                VALUES (\(bind: group), \(bind: event.envelope.id), \(bind: event.topic), \(bind: event.partition), \(bind: event.offset), \(bind: error), \(bind: now))
                ON CONFLICT (consumer_group, event_id) DO UPDATE SET error = excluded.error, failed_at = excluded.failed_at
                """
            ).run()
        }
    }

    static func leaseName(group: String, topic: String, partition: Int) -> String {
        "consumer:\(group):\(topic):\(partition)"
    }

    /// Listens for appends made by other processes (PostgreSQL only) and pokes ``signal``; returns when cancelled.
    public func listenForAppends(logger: Logger) async {
        guard let postgres = store as? PostgresDatabaseProvider else { return }
        while !Task.isCancelled {
            do {
                try await postgres.withListeningConnection { connection in
                    try await connection.listen(on: Self.notifyChannel) { notifications in
                        for try await _ in notifications {
                            self.signal.notify()
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("event log listener lost its connection; reconnecting", metadata: ["error": .string(ErrorText.short(error))])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
