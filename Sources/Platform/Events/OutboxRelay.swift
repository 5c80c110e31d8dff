import Foundation
import Logging
import ServiceLifecycle
import SQLKit

/// Moves committed events from a store's outboxes (its service home and every tenant home) into the event log.
///
/// Append first, delete second: a crash in between appends the same events again, which the log ignores by
/// event id, so nothing is lost and nothing is doubled. One relay per store is active at a time (a lease), which
/// keeps each key's events in the order they were produced.
public final class OutboxRelay: Service, Sendable {
    private let source: any DatabaseProvider
    private let log: EventLog
    private let batchSize: Int
    private let owner = "relay-\(UUID().uuidString.prefix(8))"
    private let logger: Logger
    /// Producers poke it after committing so events move at once rather than at the next poll.
    public let signal: EventSignal

    public init(source: any DatabaseProvider, log: EventLog, signal: EventSignal = EventSignal(), batchSize: Int = 200, logger: Logger) {
        self.source = source
        self.log = log
        self.signal = signal
        self.batchSize = batchSize
        self.logger = logger
    }

    public func run() async throws {
        let lease = "relay:\(source.name)"
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let generation = self.signal.generation
                var moved = 0
                do {
                    if try await self.log.acquireLease(lease, owner: self.owner, ttl: .seconds(15)) {
                        moved = try await self.relayOnce()
                    }
                } catch is CancellationError {
                    break
                } catch {
                    self.logger.warning("outbox relay failed; retrying", metadata: ["store": .string(self.source.name), "error": .string(ErrorText.short(error))])
                }
                if moved == 0 {
                    await self.signal.wait(after: generation, timeout: self.log.pollInterval)
                }
            }
        }
        let log = self.log
        let owner = self.owner
        await Task { try? await log.releaseLease(lease, owner: owner) }.value
    }

    /// Moves one batch from every home; returns how many events moved.
    @discardableResult
    public func relayOnce() async throws -> Int {
        var moved = 0
        for home in try await source.homes() {
            let batchSize = self.batchSize
            let rows = try await source.withPrivilegedTransaction(in: home) { db in
                try await db.raw("SELECT id, topic, event_key, payload FROM outbox ORDER BY id LIMIT \(bind: batchSize)").all(decoding: OutboxRow.self)
            }
            guard !rows.isEmpty else { continue }
            let records = try rows.map { row in
                EventRecord(topic: row.topic, key: row.eventKey, envelope: try EventEnvelope.decode(row.payload))
            }
            try await log.append(records)
            let ids = rows.map(\.id)
            try await source.withPrivilegedTransaction(in: home) { db in
                try await db.raw("DELETE FROM outbox WHERE id IN (\(binds: ids))").run()
            }
            moved += rows.count
        }
        return moved
    }

    private struct OutboxRow: Decodable {
        let id: Int64
        let topic: String
        let eventKey: String
        let payload: String

        enum CodingKeys: String, CodingKey {
            case id, topic, payload
            case eventKey = "event_key"
        }
    }
}
