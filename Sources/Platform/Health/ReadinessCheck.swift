/// One thing a service needs before it can serve: its database, or an upstream service it calls.
public struct ReadinessCheck: Sendable {
    public enum Kind: String, Sendable {
        case database
        case upstream
        case dependency
    }

    public var name: String
    public var kind: Kind
    /// What is checked, for operators (a URL, a redacted database address, a file path).
    public var target: String
    public var timeout: Duration
    public var probe: @Sendable () async throws -> Void
    /// Extra facts reported beside the outcome (the gateway's circuit breaker and replicas), read at each run.
    public var details: (@Sendable () -> [(String, String)])?

    public init(
        name: String, kind: Kind, target: String, timeout: Duration = .seconds(2), details: (@Sendable () -> [(String, String)])? = nil,
        probe: @escaping @Sendable () async throws -> Void
    ) {
        self.name = name
        self.kind = kind
        self.target = target
        self.timeout = timeout
        self.details = details
        self.probe = probe
    }

    /// The outcome of one run of a check.
    public struct Result: Sendable {
        public var name: String
        public var kind: Kind
        public var target: String
        public var isUp: Bool
        public var latency: Duration
        public var error: String?
        public var details: [(String, String)] = []
    }

    /// Runs the probe within the timeout.
    public func run() async -> Result {
        let started = ContinuousClock.now
        do {
            try await withDeadline(timeout) { try await probe() }
            return Result(name: name, kind: kind, target: target, isUp: true, latency: ContinuousClock.now - started, error: nil, details: details?() ?? [])
        } catch {
            return Result(name: name, kind: kind, target: target, isUp: false, latency: ContinuousClock.now - started, error: ErrorText.short(error), details: details?() ?? [])
        }
    }
}

/// A short, single-line description of an error for reports and CLI messages.
public enum ErrorText {
    public static func short(_ error: any Error) -> String {
        if let problem = error as? Problem { return problem.detail ?? problem.title }
        if let convertible = error as? any ProblemConvertible { return convertible.problem.detail ?? convertible.problem.title }
        let text = String(describing: error)
        let line = text.split(separator: "\n").first.map(String.init) ?? text
        return line.count > 300 ? String(line.prefix(300)) + "…" : line
    }
}

/// Thrown when work does not finish in time.
public struct DeadlineExceeded: Error, Sendable, CustomStringConvertible {
    public let timeout: Duration
    public var description: String { "timed out after \(timeout)" }
}

/// Runs `work`, cancelling it and throwing ``DeadlineExceeded`` if it takes longer than `timeout`.
public func withDeadline<T: Sendable>(_ timeout: Duration, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await work() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw DeadlineExceeded(timeout: timeout)
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
