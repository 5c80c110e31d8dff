import Foundation
import SQLKit

/// The transactional outbox: producers write events into their own `outbox` table inside the same transaction
/// as the state change, so an event exists if and only if the change committed. ``OutboxRelay`` moves them on.
public enum Outbox {
    /// Adds `record` to the outbox of the home `db` belongs to. Call inside the producing transaction.
    public static func enqueue(_ record: EventRecord, on db: any SQLDatabase) async throws {
        let payload = try record.envelope.encoded()
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        try await db.raw(
            """
            INSERT INTO outbox (event_id, topic, event_key, event_type, payload, created_at)
            VALUES (\(bind: record.envelope.id), \(bind: record.topic), \(bind: record.key), \(bind: record.envelope.type), \(bind: payload), \(bind: now))
            """
        ).run()
    }
}

/// The consumer side of exactly-once effects over at-least-once delivery: a consumer records the event id in
/// its own store in the same transaction as the effect, and skips events it has already recorded.
public enum ProcessedEvents {
    /// Records that `group` processed `eventID`; returns false if it already had (skip the effect).
    public static func claim(_ eventID: String, group: String, on db: any SQLDatabase) async throws -> Bool {
        let seen = try await db.raw(
            "SELECT 1 AS seen FROM processed_events WHERE consumer_group = \(bind: group) AND event_id = \(bind: eventID)"
        ).first()
        guard seen == nil else { return false }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        try await db.raw(
            "INSERT INTO processed_events (consumer_group, event_id, processed_at) VALUES (\(bind: group), \(bind: eventID), \(bind: now))"
        ).run()
        return true
    }
}
