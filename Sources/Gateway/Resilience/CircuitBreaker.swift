import NIOConcurrencyHelpers
import Synchronization

/// Stops sending requests to an upstream that keeps failing, so callers fail fast with a `Retry-After` and the
/// upstream gets room to recover; a few probe requests then decide whether it has.
///
/// Closed, it opens after `consecutiveFailures` failures in a row, or when failures reach `failureRatePercent` of at
/// least `minimumSamples` results in the sliding `window`. Open, it refuses until `openDuration` (jittered, doubled on
/// each re-open without an intervening close, capped at `maxOpenDuration`) has passed; the next `admit()` moves it to
/// half-open and lets `halfOpenProbes` requests through. A probe success closes it; a probe failure reopens it.
/// Results of non-probe requests that finish while it is open or half-open are ignored: they were admitted before the
/// breaker opened and say nothing about the upstream now.
final class CircuitBreaker: Sendable {
    enum State: String, Sendable { case closed, open, halfOpen = "half_open" }

    struct Settings: Sendable, Equatable {
        /// Opens after this many failures in a row (KrakenD style); zero or less disables the rule.
        var consecutiveFailures: Int = 5
        /// Or when failures/total over the window reach this percentage; zero or less disables the rule.
        var failureRatePercent: Int = 50
        /// ... with at least this many results in the window.
        var minimumSamples: Int = 20
        /// Sliding window of the failure rate, kept as ten buckets of a tenth each.
        var window: Duration = .seconds(10)
        /// Base open time; doubles on each consecutive re-open (Envoy-style), capped at `maxOpenDuration`.
        var openDuration: Duration = .seconds(5)
        var maxOpenDuration: Duration = .seconds(60)
        /// Trial requests let through while half-open (at least one).
        var halfOpenProbes: Int = 1
    }

    enum Admission: Sendable, Equatable {
        case allowed(probe: Bool)
        case rejected(retryAfterSeconds: Int)
    }

    let settings: Settings
    private let now: Nanoseconds
    private let jitter: @Sendable () -> Double
    private let onTransition: @Sendable (State, State) -> Void
    private let core: NIOLockedValueBox<Core>
    /// Mirrors `state == .closed` so the common admission takes no lock and reads no clock.
    private let isClosed = Atomic<Bool>(true)
    private let baseOpenNanoseconds: UInt64
    private let maxOpenNanoseconds: UInt64
    private let probeLimit: Int

    init(
        settings: Settings,
        now: @escaping Nanoseconds = MonotonicClock.system,
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0.9...1.1) },
        onTransition: @escaping @Sendable (State, State) -> Void = { _, _ in }
    ) {
        self.settings = settings
        self.now = now
        self.jitter = jitter
        self.onTransition = onTransition
        self.core = NIOLockedValueBox(Core(results: SlidingWindowCounts(window: settings.window)))
        self.maxOpenNanoseconds = MonotonicClock.nanoseconds(settings.maxOpenDuration)
        self.baseOpenNanoseconds = min(MonotonicClock.nanoseconds(settings.openDuration), maxOpenNanoseconds)
        self.probeLimit = max(1, settings.halfOpenProbes)
    }

    /// A breaker on the system clock with the default jitter. It exists so that a trailing closure reports
    /// transitions: with the full initialiser alone, a trailing closure would bind to `now`.
    convenience init(settings: Settings, onTransition: @escaping @Sendable (State, State) -> Void) {
        self.init(settings: settings, now: MonotonicClock.system, onTransition: onTransition)
    }

    /// Whether a request may go to the upstream now. Closed: `allowed(probe: false)`. Open past its time: becomes
    /// half-open and lets up to `halfOpenProbes` through as `allowed(probe: true)`. Otherwise refused, with the whole
    /// seconds left (at least 1; 1 while half-open probes are still out).
    func admit() -> Admission {
        if isClosed.load(ordering: .acquiring) { return .allowed(probe: false) }
        let at = now()
        let (admission, transition) = core.withLockedValue { core -> (Admission, (State, State)?) in
            switch core.state {
            case .closed:
                return (.allowed(probe: false), nil)
            case .open:
                guard at >= core.openUntil else {
                    let seconds = MonotonicClock.ceilSeconds(core.openUntil - at)
                    return (.rejected(retryAfterSeconds: Int(clamping: max(1, seconds))), nil)
                }
                core.state = .halfOpen
                core.probesInFlight = 1
                return (.allowed(probe: true), (.open, .halfOpen))
            case .halfOpen:
                guard core.probesInFlight < probeLimit else { return (.rejected(retryAfterSeconds: 1), nil) }
                core.probesInFlight += 1
                return (.allowed(probe: true), nil)
            }
        }
        if let transition { onTransition(transition.0, transition.1) }
        return admission
    }

    /// Records how an admitted request ended; `probe` is what `admit()` said. A failure is whatever the proxy counts
    /// as the upstream's fault (no answer, a timeout, a 5xx, an answer cut short), never a client's 4xx.
    func record(success: Bool, probe: Bool) {
        let at = now()
        let transition = core.withLockedValue { core -> (State, State)? in
            switch core.state {
            case .closed:
                if success {
                    core.consecutiveFailures = 0
                    core.results.record(first: 1, at: at)
                    return nil
                }
                core.consecutiveFailures += 1
                core.results.record(second: 1, at: at)
                guard shouldTrip(core, at: at) else { return nil }
                open(&core, at: at)
                return (.closed, .open)
            case .halfOpen:
                guard probe else { return nil }
                core.probesInFlight = max(0, core.probesInFlight - 1)
                if success {
                    core.state = .closed
                    core.consecutiveFailures = 0
                    core.results.reset()
                    core.reopenCount = 0
                    core.probesInFlight = 0
                    isClosed.store(true, ordering: .releasing)
                    return (.halfOpen, .closed)
                }
                core.reopenCount = min(core.reopenCount + 1, 62)
                open(&core, at: at)
                return (.halfOpen, .open)
            case .open:
                return nil
            }
        }
        if let transition { onTransition(transition.0, transition.1) }
    }

    /// A probe that ended without a verdict (the client went away): frees its slot for another probe.
    func release(probe: Bool) {
        guard probe else { return }
        core.withLockedValue { core in
            if core.state == .halfOpen, core.probesInFlight > 0 { core.probesInFlight -= 1 }
        }
    }

    /// The stored state; open moves to half-open only through `admit()`.
    var state: State { core.withLockedValue { $0.state } }

    private struct Core: Sendable {
        var state: State = .closed
        var consecutiveFailures = 0
        var results: SlidingWindowCounts  // first: successes, second: failures
        var openUntil: UInt64 = 0
        /// Re-opens since the breaker was last closed: the exponent of the open time.
        var reopenCount = 0
        var probesInFlight = 0
    }

    private func shouldTrip(_ core: Core, at: UInt64) -> Bool {
        if settings.consecutiveFailures > 0, core.consecutiveFailures >= settings.consecutiveFailures { return true }
        guard settings.failureRatePercent > 0 else { return false }
        let (successes, failures) = core.results.totals(at: at)
        let total = successes + failures
        return total >= max(1, settings.minimumSamples) && failures * 100 >= settings.failureRatePercent * total
    }

    private func open(_ core: inout Core, at: UInt64) {
        let exponent = core.reopenCount
        let doubled = exponent < 63 && baseOpenNanoseconds <= (maxOpenNanoseconds >> UInt64(exponent))
            ? baseOpenNanoseconds << UInt64(exponent) : maxOpenNanoseconds
        // Jitter spreads the probes of several gateway instances that opened together.
        let factor = jitter()
        let jittered = factor.isFinite && factor > 0 ? Double(doubled) * factor : Double(doubled)
        let duration = jittered >= Double(maxOpenNanoseconds) ? maxOpenNanoseconds : UInt64(jittered)
        core.state = .open
        core.openUntil = at.addingReportingOverflow(duration).overflow ? .max : at + duration
        core.consecutiveFailures = 0
        core.results.reset()
        core.probesInFlight = 0
        isClosed.store(false, ordering: .releasing)
    }
}

/// Two counters over a sliding time window, kept as a ring of fixed buckets so old events age out without a queue
/// of timestamps and without allocating. The window covers the current bucket and the `buckets - 1` before it.
struct SlidingWindowCounts: Sendable {
    private struct Bucket: Sendable {
        var epoch: UInt64 = .max  // `.max`: never used
        var first = 0
        var second = 0
    }

    private var ring: [Bucket]
    private let bucketNanoseconds: UInt64

    init(window: Duration, buckets: Int = 10) {
        let count = max(1, buckets)
        ring = Array(repeating: Bucket(), count: count)
        bucketNanoseconds = max(1, MonotonicClock.nanoseconds(window) / UInt64(count))
    }

    /// Adds to the bucket of `now`; an event older than the whole window (a clock read raced another) is dropped.
    mutating func record(first: Int = 0, second: Int = 0, at now: UInt64) {
        let epoch = now / bucketNanoseconds
        let slot = Int(epoch % UInt64(ring.count))
        if ring[slot].epoch == .max || epoch > ring[slot].epoch {
            ring[slot] = Bucket(epoch: epoch, first: 0, second: 0)
        } else if epoch < ring[slot].epoch {
            return
        }
        ring[slot].first += first
        ring[slot].second += second
    }

    func totals(at now: UInt64) -> (first: Int, second: Int) {
        let epoch = now / bucketNanoseconds
        var first = 0
        var second = 0
        for bucket in ring where bucket.epoch != .max && bucket.epoch <= epoch && epoch - bucket.epoch < UInt64(ring.count) {
            first += bucket.first
            second += bucket.second
        }
        return (first, second)
    }

    mutating func reset() {
        for index in ring.indices { ring[index] = Bucket() }
    }
}
