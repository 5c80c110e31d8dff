import Logging

/// Reads topics of the event log from the beginning and keeps following them, in this process only: no consumer
/// group, no committed offsets. For state every process must hold in full (revocations, tenant directories).
public struct EventTail: Sendable {
    let log: EventLog
    let topics: [String]
    let logger: Logger

    public init(log: EventLog, topics: [String], logger: Logger) {
        self.log = log
        self.topics = topics
        self.logger = logger
    }

    /// Calls `handle` for every event, oldest first per partition, until the task is cancelled.
    public func follow(_ handle: @Sendable (LoggedEvent) async -> Void) async {
        var positions: [String: Int64] = [:]
        while !Task.isCancelled {
            let generation = log.signal.generation
            var progressed = false
            for topic in topics {
                for partition in 0..<log.partitions {
                    let key = "\(topic)#\(partition)"
                    do {
                        let events = try await log.read(topic: topic, partition: partition, after: positions[key] ?? 0, limit: 500)
                        for event in events {
                            await handle(event)
                            positions[key] = event.offset
                        }
                        progressed = progressed || !events.isEmpty
                    } catch {
                        if Task.isCancelled { return }
                        logger.warning("event tail read failed", metadata: ["topic": .string(topic), "error": .string(ErrorText.short(error))])
                    }
                }
            }
            if !progressed { await log.signal.wait(after: generation, timeout: log.pollInterval) }
        }
    }
}
