import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// One member of a consumer group: reads its topics partition by partition, calls the handler for each event in
/// offset order, and commits the offset after the handler returns (at-least-once: a crash before the commit
/// means the event is delivered again, so handlers de-duplicate with ``ProcessedEvents``).
///
/// Partitions are shared among the members of a group through leases; a member that dies stops renewing and
/// another takes its partitions when the lease expires. An event that keeps failing is moved to `dead_letters`
/// after `maxAttempts`, so one poison event cannot stop a partition forever.
public final class EventConsumer: Service, Sendable {
    public typealias Handler = @Sendable (LoggedEvent) async throws -> Void

    public let group: String
    public let topics: [String]
    public let memberID: String
    private let log: EventLog
    private let handler: Handler
    private let leaseTTL: Duration
    private let batchSize: Int
    private let maxAttempts: Int
    private let logger: Logger
    private let metrics: ServiceMetrics?

    public init(
        group: String,
        topics: [String],
        log: EventLog,
        memberID: String = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))",
        leaseTTL: Duration = .seconds(15),
        batchSize: Int = 100,
        maxAttempts: Int = 8,
        logger: Logger,
        metrics: ServiceMetrics? = nil,
        handler: @escaping Handler
    ) {
        self.group = group
        self.topics = topics
        self.log = log
        self.memberID = memberID
        self.leaseTTL = leaseTTL
        self.batchSize = batchSize
        self.maxAttempts = maxAttempts
        self.logger = logger
        self.metrics = metrics
        self.handler = handler
    }

    public func run() async throws {
        let owned = OwnedLeases()
        await cancelWhenGracefulShutdown {
            var failures: [String: Int] = [:]
            while !Task.isCancelled {
                let generation = self.log.signal.generation
                var progressed = false
                for topic in self.topics {
                    for partition in 0..<self.log.partitions {
                        if Task.isCancelled { break }
                        do {
                            progressed = try await self.poll(topic: topic, partition: partition, failures: &failures, owned: owned) || progressed
                        } catch is CancellationError {
                            break
                        } catch {
                            self.logger.warning("event consumer poll failed", metadata: ["group": .string(self.group), "topic": .string(topic), "error": .string(ErrorText.short(error))])
                        }
                    }
                }
                if !progressed {
                    await self.log.signal.wait(after: generation, timeout: self.log.pollInterval)
                }
            }
        }
        // Released from an unstructured task so that it happens even when the consumer was cancelled outright.
        let log = self.log
        let memberID = self.memberID
        await Task {
            for lease in owned.names {
                try? await log.releaseLease(lease, owner: memberID)
            }
        }.value
    }

    /// Handles one batch of one partition if this member holds (or can take) its lease. Returns true if any event
    /// was handled, so the loop polls again at once.
    private func poll(topic: String, partition: Int, failures: inout [String: Int], owned: OwnedLeases) async throws -> Bool {
        let lease = EventLog.leaseName(group: group, topic: topic, partition: partition)
        // Noted before asking, so a consumer stopped mid-acquisition still releases what it may have taken.
        owned.insert(lease)
        guard try await log.acquireLease(lease, owner: memberID, ttl: leaseTTL) else {
            owned.remove(lease)
            return false
        }
        let committed = try await log.committedOffset(group: group, topic: topic, partition: partition)
        let events = try await log.read(topic: topic, partition: partition, after: committed, limit: batchSize)
        guard !events.isEmpty else { return false }
        for event in events {
            try Task.checkCancellation()
            do {
                try await handler(event)
                failures[event.envelope.id] = nil
                metrics?.counter("events_consumed", help: "Events handled by consumers", labels: [("group", group), ("topic", topic)]).increment()
            } catch {
                let attempts = (failures[event.envelope.id] ?? 0) + 1
                failures[event.envelope.id] = attempts
                logger.warning(
                    "event handler failed",
                    metadata: ["group": .string(group), "event_id": .string(event.envelope.id), "attempt": "\(attempts)", "error": .string(ErrorText.short(error))]
                )
                guard attempts >= maxAttempts else { return true }
                try await log.deadLetter(event, group: group, error: ErrorText.short(error))
                failures[event.envelope.id] = nil
                metrics?.counter("events_dead_lettered", help: "Events parked after repeated handler failures", labels: [("group", group), ("topic", topic)]).increment()
            }
            guard try await log.commit(group: group, topic: topic, partition: partition, offset: event.offset, owner: memberID) else {
                owned.remove(lease)
                return false
            }
        }
        return true
    }
}

/// The leases a consumer holds, to release on clean shutdown.
private final class OwnedLeases: Sendable {
    private let box = NIOLockedValueBox<Set<String>>([])
    func insert(_ name: String) { _ = box.withLockedValue { $0.insert(name) } }
    func remove(_ name: String) { _ = box.withLockedValue { $0.remove(name) } }
    var names: [String] { box.withLockedValue { Array($0) } }
}
