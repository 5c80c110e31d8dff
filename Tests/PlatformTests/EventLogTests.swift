import Foundation
import MPesaCore
import NIOConcurrencyHelpers
import Platform
import SQLKit
import Testing
import TestSupport

/// Collects what a consumer saw, safely across tasks.
final class Received: Sendable {
    private let box = NIOLockedValueBox<[LoggedEvent]>([])
    func append(_ event: LoggedEvent) { box.withLockedValue { $0.append(event) } }
    var events: [LoggedEvent] { box.withLockedValue { $0 } }
    var ids: [String] { events.map(\.envelope.id) }
}

func record(topic: String = "statements", key: String, type: String = "statement.processed", sequence: Int) -> EventRecord {
    EventRecord(
        topic: topic,
        key: key,
        envelope: EventEnvelope(type: type, tenantId: key, data: ["sequence": .int(Int64(sequence)), "key": .string(key)])
    )
}

func openLog(_ backend: StoreBackend, partitions: Int = 3) async throws -> (EventLog, TestStore) {
    let store = try await backend.openStore(name: TestEnvironment.uniqueName("ev"), migrations: EventLog.migrations)
    return (EventLog(store: store.provider, partitions: partitions, pollInterval: .milliseconds(50)), store)
}

/// Runs a consumer until the test cancels it.
func start(_ consumer: EventConsumer) -> Task<Void, Never> {
    Task { try? await consumer.run() }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }

    func asyncFlatMap<T>(_ transform: (Element) async throws -> [T]) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result += try await transform(element) }
        return result
    }
}

@Suite("Event log")
struct EventLogTests {
    @Test("events with the same key are delivered in the order they were appended", arguments: StoreBackend.allCases)
    func orderingPerKey(backend: StoreBackend) async throws {
        let (log, store) = try await openLog(backend)
        let keys = ["acme", "globex", "initech", "umbrella"]
        var records: [EventRecord] = []
        for sequence in 0..<40 { records.append(record(key: keys[sequence % keys.count], sequence: sequence)) }
        // Append in several batches from concurrent tasks per key, as several relays would.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for key in keys {
                let mine = records.filter { $0.key == key }
                group.addTask {
                    for chunk in stride(from: 0, to: mine.count, by: 3) {
                        try await log.append(Array(mine[chunk..<min(chunk + 3, mine.count)]))
                    }
                }
            }
            try await group.waitForAll()
        }
        let received = Received()
        let consumer = EventConsumer(group: "orders", topics: ["statements"], log: log, logger: TestEnvironment.logger) { received.append($0) }
        let task = start(consumer)
        try await eventually("all 40 events") { received.events.count == 40 }
        task.cancel()
        await task.value
        for key in keys {
            let sequences = received.events.filter { $0.key == key }.compactMap { event -> Int64? in
                if case .int(let value)? = event.envelope.data["sequence"] { return value }
                return nil
            }
            #expect(sequences == sequences.sorted(), "events of \(key) out of order: \(sequences)")
            #expect(sequences.count == 10)
        }
        // Offsets within each partition are gapless.
        for partition in 0..<log.partitions {
            let offsets = received.events.filter { $0.partition == partition }.map(\.offset).sorted()
            #expect(offsets == Array(1...Int64(max(offsets.count, 1))).prefix(offsets.count).map { $0 })
        }
        await store.destroy()
    }

    @Test("two consumer groups each receive every event", arguments: StoreBackend.allCases)
    func twoGroups(backend: StoreBackend) async throws {
        let (log, store) = try await openLog(backend)
        try await log.append((0..<12).map { record(key: "k\($0 % 5)", sequence: $0) })
        let billing = Received()
        let webhooks = Received()
        let tasks = [
            start(EventConsumer(group: "billing", topics: ["statements"], log: log, logger: TestEnvironment.logger) { billing.append($0) }),
            start(EventConsumer(group: "webhooks", topics: ["statements"], log: log, logger: TestEnvironment.logger) { webhooks.append($0) }),
        ]
        try await log.append((12..<20).map { record(key: "k\($0 % 5)", sequence: $0) })
        try await eventually(timeout: .seconds(90), "both groups see 20 events") { billing.events.count == 20 && webhooks.events.count == 20 }
        #expect(Set(billing.ids) == Set(webhooks.ids))
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        await store.destroy()
    }

    @Test("an event whose consumer crashed before acknowledging is delivered again", arguments: StoreBackend.allCases)
    func redeliveryAfterCrash(backend: StoreBackend) async throws {
        let (log, store) = try await openLog(backend, partitions: 1)
        try await log.append([record(key: "acme", sequence: 1), record(key: "acme", sequence: 2)])
        let firstAttempt = Received()
        // The first member "crashes" while handling: it never returns, so it never commits, and it is killed.
        let crashing = EventConsumer(group: "mailer", topics: ["statements"], log: log, leaseTTL: .milliseconds(500), logger: TestEnvironment.logger) { event in
            firstAttempt.append(event)
            for await _ in AsyncStream(Never.self, { _ in }) {}  // a stream that never ends: hangs until the task is killed
            try Task.checkCancellation()
        }
        let crashingTask = start(crashing)
        try await eventually("the first member took the event") { firstAttempt.events.count == 1 }
        crashingTask.cancel()
        await crashingTask.value

        let secondAttempt = Received()
        let survivor = EventConsumer(group: "mailer", topics: ["statements"], log: log, leaseTTL: .milliseconds(500), logger: TestEnvironment.logger) { secondAttempt.append($0) }
        let survivorTask = start(survivor)
        try await eventually("the survivor got both events") { secondAttempt.events.count == 2 }
        #expect(secondAttempt.ids.first == firstAttempt.ids.first)
        survivorTask.cancel()
        await survivorTask.value
        await store.destroy()
    }

    @Test("nothing is lost or repeated across a restart of the process", arguments: StoreBackend.allCases)
    func survivesRestart(backend: StoreBackend) async throws {
        let (log, store) = try await openLog(backend, partitions: 2)
        try await log.append((0..<5).map { record(key: "k\($0)", sequence: $0) })
        let beforeRestart = Received()
        let first = start(EventConsumer(group: "ledger", topics: ["statements"], log: log, logger: TestEnvironment.logger) { beforeRestart.append($0) })
        try await eventually(timeout: .seconds(90), "5 events handled and committed before the restart") {
            let committed = try await (0..<2).asyncMap { try await log.committedOffset(group: "ledger", topic: "statements", partition: $0) }
            let ends = try await (0..<2).asyncMap { try await log.read(topic: "statements", partition: $0, after: 0, limit: 100).last?.offset ?? 0 }
            return beforeRestart.events.count == 5 && committed == ends
        }
        first.cancel()
        await first.value
        await store.close()

        let reopened = try await backend.reopen(store, migrations: EventLog.migrations)
        let log2 = EventLog(store: reopened.provider, partitions: 2, pollInterval: .milliseconds(50))
        try await log2.append((5..<9).map { record(key: "k\($0)", sequence: $0) })
        let afterRestart = Received()
        let second = start(EventConsumer(group: "ledger", topics: ["statements"], log: log2, logger: TestEnvironment.logger) { afterRestart.append($0) })
        let newIDs = try await (0..<2).asyncFlatMap { try await log2.read(topic: "statements", partition: $0, after: 0, limit: 100) }
            .map(\.envelope.id).filter { !beforeRestart.ids.contains($0) }
        #expect(newIDs.count == 4)
        // Old events sit before new ones in every partition, so any redelivery would show up before the new ones do.
        try await eventually(timeout: .seconds(90), "4 new events after the restart") { Set(newIDs).isSubset(of: afterRestart.ids) }
        #expect(afterRestart.events.count == 4)
        #expect(Set(beforeRestart.ids).isDisjoint(with: afterRestart.ids))
        second.cancel()
        await second.value
        await reopened.destroy()
    }

    @Test("appending the same event twice stores it once", arguments: StoreBackend.allCases)
    func duplicateAppend(backend: StoreBackend) async throws {
        let (log, store) = try await openLog(backend, partitions: 1)
        let event = record(key: "acme", sequence: 1)
        try await log.append([event])
        try await log.append([event, record(key: "acme", sequence: 2)])
        let events = try await log.read(topic: "statements", partition: 0, after: 0, limit: 10)
        #expect(events.map(\.offset) == [1, 2])
        #expect(events.first?.envelope == event.envelope)
        await store.destroy()
    }

    @Test("a consumer that keeps failing on one event parks it and moves on", arguments: StoreBackend.allCases)
    func deadLetters(backend: StoreBackend) async throws {
        let (log, store) = try await openLog(backend, partitions: 1)
        let poison = record(key: "acme", sequence: 1)
        try await log.append([poison, record(key: "acme", sequence: 2)])
        let handled = Received()
        struct Poisoned: Error {}
        let consumer = EventConsumer(group: "fragile", topics: ["statements"], log: log, maxAttempts: 3, logger: TestEnvironment.logger) { event in
            if event.envelope.id == poison.envelope.id { throw Poisoned() }
            handled.append(event)
        }
        let task = start(consumer)
        try await eventually("the healthy event is handled") { handled.events.count == 1 }
        let parked = try await store.provider.withTransaction { db in
            try await db.raw("SELECT event_id FROM dead_letters WHERE consumer_group = 'fragile'").all(decodingColumn: "event_id", as: String.self)
        }
        #expect(parked == [poison.envelope.id])
        task.cancel()
        await task.value
        await store.destroy()
    }

    @Test("the outbox relay moves events written with a state change, from every home, and only after commit", arguments: StoreBackend.allCases)
    func outboxRelay(backend: StoreBackend) async throws {
        let (log, logStore) = try await openLog(backend, partitions: 2)
        let producer = try await backend.openStore(migrations: ledgerMigrations)
        let shared = TenantScope(try TenantID("acme"), tier: .shared)
        let dedicated = TenantScope(try TenantID("globex"), tier: .schema)
        try await producer.provider.provision(dedicated)

        try await producer.provider.withSession(tenant: shared) { db in
            try await insert(Note(tenantId: "acme", body: "x", amountCents: 1), on: db)
            try await Outbox.enqueue(record(key: "acme", sequence: 1), on: db)
        }
        try await producer.provider.withSession(tenant: dedicated) { db in
            try await insert(Note(tenantId: "globex", body: "y", amountCents: 2), on: db)
            try await Outbox.enqueue(record(key: "globex", sequence: 2), on: db)
        }
        struct Abort: Error {}
        try? await producer.provider.withSession(tenant: shared) { db in
            try await Outbox.enqueue(record(key: "acme", sequence: 99), on: db)
            throw Abort()
        }
        let relay = OutboxRelay(source: producer.provider, log: log, logger: TestEnvironment.logger)
        #expect(try await relay.relayOnce() == 2)
        #expect(try await relay.relayOnce() == 0)
        var delivered: [Int64] = []
        for partition in 0..<2 {
            for event in try await log.read(topic: "statements", partition: partition, after: 0, limit: 10) {
                if case .int(let sequence)? = event.envelope.data["sequence"] { delivered.append(sequence) }
            }
        }
        #expect(delivered.sorted() == [1, 2])
        await producer.destroy()
        await logStore.destroy()
    }

    @Test("a consumer that records processed ids applies each event's effect once, even when it is redelivered", arguments: StoreBackend.allCases)
    func idempotentConsumer(backend: StoreBackend) async throws {
        let consumerStore = try await backend.openStore(migrations: ledgerMigrations)
        let scope = TenantScope(try TenantID("acme"), tier: .shared)
        let event = record(key: "acme", sequence: 7)
        for _ in 0..<3 {
            try await consumerStore.provider.withSession(tenant: scope) { db in
                guard try await ProcessedEvents.claim(event.envelope.id, group: "ledger", on: db) else { return }
                try await insert(Note(tenantId: "acme", body: "from event", amountCents: 700), on: db)
            }
        }
        let notes = try await consumerStore.provider.withSession(tenant: scope) { db in try await allNotesWithoutWhereClause(on: db) }
        #expect(notes.count == 1)
        await consumerStore.destroy()
    }

    @Test("on PostgreSQL an append by another process wakes a waiting consumer through NOTIFY")
    func notifyWakesConsumers() async throws {
        let (log, store) = try await openLog(.postgres, partitions: 1)
        let listener = Task { await log.listenForAppends(logger: TestEnvironment.logger) }
        // A second EventLog on its own connection pool stands in for another process.
        let other = try await StoreBackend.postgres.reopen(store, migrations: EventLog.migrations)
        let otherLog = EventLog(store: other.provider, partitions: 1, pollInterval: .seconds(60))
        // The consumer side's poll interval is a minute, so only a notification can move its signal this fast.
        let generation = log.signal.generation
        var sequence = 0
        try await eventually("the listener heard an append") {
            sequence += 1
            try await otherLog.append([record(key: "acme", sequence: sequence)])
            return log.signal.generation != generation
        }
        listener.cancel()
        await listener.value
        await other.close()
        await store.destroy()
    }
}
