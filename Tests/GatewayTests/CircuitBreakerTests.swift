import NIOConcurrencyHelpers
import Testing

@testable import Gateway

/// Monotonic time the test moves by hand.
private final class BreakerClock: Sendable {
    private let value = NIOLockedValueBox<UInt64>(1_000_000_000)
    var now: Nanoseconds { { [value] in value.withLockedValue { $0 } } }
    func advance(_ duration: Duration) { value.withLockedValue { $0 += MonotonicClock.nanoseconds(duration) } }
}

/// The transitions a breaker reported, in the order it reported them.
private final class TransitionLog: Sendable {
    private let entries = NIOLockedValueBox<[String]>([])
    var record: @Sendable (CircuitBreaker.State, CircuitBreaker.State) -> Void {
        { [entries] from, to in entries.withLockedValue { $0.append("\(from.rawValue)->\(to.rawValue)") } }
    }
    var all: [String] { entries.withLockedValue { $0 } }
}

@Suite("Circuit breaker")
struct CircuitBreakerTests {
    private let clock = BreakerClock()

    private func breaker(
        _ configure: (inout CircuitBreaker.Settings) -> Void = { _ in },
        jitter: Double = 1.0,
        log: TransitionLog = TransitionLog()
    ) -> CircuitBreaker {
        var settings = CircuitBreaker.Settings()
        settings.consecutiveFailures = 3
        settings.minimumSamples = 1_000
        configure(&settings)
        return CircuitBreaker(settings: settings, now: clock.now, jitter: { jitter }, onTransition: log.record)
    }

    private func fail(_ breaker: CircuitBreaker, times: Int) {
        for _ in 0..<times { breaker.record(success: false, probe: false) }
    }

    @Test("a closed breaker admits requests as ordinary, non-probe traffic")
    func closedAdmits() {
        let breaker = breaker()
        #expect(breaker.state == .closed)
        #expect(breaker.admit() == .allowed(probe: false))
    }

    @Test("opens after the configured number of consecutive failures")
    func opensOnConsecutiveFailures() {
        let breaker = breaker()
        fail(breaker, times: 2)
        #expect(breaker.state == .closed)
        fail(breaker, times: 1)
        #expect(breaker.state == .open)
        #expect(breaker.admit() == .rejected(retryAfterSeconds: 5))
    }

    @Test("a success between failures resets the consecutive count")
    func successResetsConsecutiveCount() {
        let breaker = breaker()
        fail(breaker, times: 2)
        breaker.record(success: true, probe: false)
        fail(breaker, times: 2)
        #expect(breaker.state == .closed)
        fail(breaker, times: 1)
        #expect(breaker.state == .open)
    }

    @Test("opens when the failure rate reaches the threshold over enough samples")
    func opensOnFailureRate() {
        let breaker = breaker {
            $0.consecutiveFailures = 1_000
            $0.failureRatePercent = 50
            $0.minimumSamples = 20
        }
        for _ in 0..<10 { breaker.record(success: true, probe: false) }
        fail(breaker, times: 9)
        #expect(breaker.state == .closed, "9 failures of 19 is under 50%")
        fail(breaker, times: 1)
        #expect(breaker.state == .open, "10 failures of 20 is 50%")
    }

    @Test("does not open on failure rate below the minimum number of samples")
    func failureRateNeedsMinimumSamples() {
        let breaker = breaker {
            $0.consecutiveFailures = 0
            $0.failureRatePercent = 50
            $0.minimumSamples = 10
        }
        fail(breaker, times: 9)
        #expect(breaker.state == .closed, "100% failures, but only 9 samples")
        fail(breaker, times: 1)
        #expect(breaker.state == .open)
    }

    @Test("results older than the window no longer count towards the failure rate")
    func oldResultsAgeOut() {
        let breaker = breaker {
            $0.consecutiveFailures = 0
            $0.minimumSamples = 10
            $0.window = .seconds(10)
        }
        fail(breaker, times: 9)
        clock.advance(.seconds(11))
        fail(breaker, times: 1)
        #expect(breaker.state == .closed, "only 1 sample left in the window")
        fail(breaker, times: 8)
        #expect(breaker.state == .closed)
        fail(breaker, times: 1)
        #expect(breaker.state == .open)
    }

    @Test("refuses while open with a Retry-After of the whole seconds left, at least 1")
    func retryAfterWhileOpen() {
        let breaker = breaker()
        fail(breaker, times: 3)
        #expect(breaker.admit() == .rejected(retryAfterSeconds: 5))
        clock.advance(.milliseconds(1_500))
        #expect(breaker.admit() == .rejected(retryAfterSeconds: 4))
        clock.advance(.milliseconds(3_400))
        #expect(breaker.admit() == .rejected(retryAfterSeconds: 1))
        clock.advance(.milliseconds(99))
        #expect(breaker.admit() == .rejected(retryAfterSeconds: 1))
        #expect(breaker.state == .open)
    }

    @Test("jitter scales the open time")
    func jitterScalesOpenTime() {
        let breaker = breaker(jitter: 0.9)
        fail(breaker, times: 3)
        #expect(breaker.admit() == .rejected(retryAfterSeconds: 5), "4.5 s rounds up to 5")
        clock.advance(.milliseconds(4_500))
        #expect(breaker.admit() == .allowed(probe: true))
    }

    @Test("half-open lets exactly halfOpenProbes trial requests through", arguments: [1, 2, 5])
    func halfOpenProbeCount(probes: Int) {
        let breaker = breaker { $0.halfOpenProbes = probes }
        fail(breaker, times: 3)
        clock.advance(.seconds(5))
        for _ in 0..<probes { #expect(breaker.admit() == .allowed(probe: true)) }
        #expect(breaker.state == .halfOpen)
        #expect(breaker.admit() == .rejected(retryAfterSeconds: 1))
        #expect(breaker.admit() == .rejected(retryAfterSeconds: 1))
    }

    @Test("a successful probe closes the breaker and resets its counters and open time")
    func probeSuccessCloses() {
        let breaker = breaker()
        fail(breaker, times: 3)
        clock.advance(.seconds(5))
        #expect(breaker.admit() == .allowed(probe: true))
        breaker.record(success: false, probe: true)
        #expect(breaker.admit() == .rejected(retryAfterSeconds: 10))
        clock.advance(.seconds(10))
        #expect(breaker.admit() == .allowed(probe: true))
        breaker.record(success: true, probe: true)
        #expect(breaker.state == .closed)
        #expect(breaker.admit() == .allowed(probe: false))
        fail(breaker, times: 2)
        #expect(breaker.state == .closed, "the consecutive count starts again from zero")
        fail(breaker, times: 1)
        #expect(breaker.admit() == .rejected(retryAfterSeconds: 5), "the open time is back to its base")
    }

    @Test("a failed probe reopens for twice as long each time, capped at maxOpenDuration")
    func probeFailureDoublesOpenTime() {
        let breaker = breaker {
            $0.openDuration = .seconds(5)
            $0.maxOpenDuration = .seconds(12)
        }
        fail(breaker, times: 3)
        var expected = [10, 12, 12]
        #expect(breaker.admit() == .rejected(retryAfterSeconds: 5))
        clock.advance(.seconds(5))
        while !expected.isEmpty {
            #expect(breaker.admit() == .allowed(probe: true))
            breaker.record(success: false, probe: true)
            #expect(breaker.state == .open)
            let seconds = expected.removeFirst()
            #expect(breaker.admit() == .rejected(retryAfterSeconds: seconds))
            clock.advance(.seconds(Int64(seconds)))
        }
    }

    @Test("transitions are reported in the order they happen")
    func transitionsInOrder() {
        let log = TransitionLog()
        let breaker = breaker(log: log)
        fail(breaker, times: 3)
        clock.advance(.seconds(5))
        _ = breaker.admit()
        breaker.record(success: false, probe: true)
        clock.advance(.seconds(10))
        _ = breaker.admit()
        breaker.record(success: true, probe: true)
        #expect(log.all == ["closed->open", "open->half_open", "half_open->open", "open->half_open", "half_open->closed"])
    }

    @Test("releasing an abandoned probe frees its slot for another trial")
    func releaseAbandonedProbe() {
        let breaker = breaker()
        fail(breaker, times: 3)
        clock.advance(.seconds(5))
        #expect(breaker.admit() == .allowed(probe: true))
        #expect(breaker.admit() == .rejected(retryAfterSeconds: 1))
        breaker.release(probe: true)
        #expect(breaker.state == .halfOpen)
        #expect(breaker.admit() == .allowed(probe: true))
        breaker.release(probe: false)
        #expect(breaker.admit() == .rejected(retryAfterSeconds: 1), "a non-probe release frees no probe slot")
    }

    @Test("results of requests admitted before the breaker opened change nothing")
    func lateResultsIgnored() {
        let log = TransitionLog()
        let breaker = breaker(log: log)
        fail(breaker, times: 3)
        breaker.record(success: true, probe: false)
        #expect(breaker.state == .open)
        clock.advance(.seconds(5))
        #expect(breaker.admit() == .allowed(probe: true))
        breaker.record(success: false, probe: false)
        breaker.record(success: true, probe: false)
        #expect(breaker.state == .halfOpen)
        #expect(log.all == ["closed->open", "open->half_open"])
    }
}

@Suite("Concurrency cap")
struct ConcurrencyCapTests {
    @Test("admits up to the limit and one more after each release")
    func admitsUpToLimit() {
        let cap = ConcurrencyCap(limit: 2)
        #expect(cap.tryAcquire())
        #expect(cap.tryAcquire())
        #expect(!cap.tryAcquire())
        #expect(cap.inFlight == 2)
        cap.release()
        #expect(cap.inFlight == 1)
        #expect(cap.tryAcquire())
        #expect(!cap.tryAcquire())
    }

    @Test("a limit of zero admits nothing")
    func zeroLimit() {
        #expect(!ConcurrencyCap(limit: 0).tryAcquire())
        #expect(!ConcurrencyCap(limit: -3).tryAcquire())
    }

    @Test("concurrent acquisitions never exceed the limit")
    func concurrentAcquisitions() async {
        let cap = ConcurrencyCap(limit: 100)
        let admitted = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { (0..<1_000).reduce(0) { count, _ in count + (cap.tryAcquire() ? 1 : 0) } } }
            return await group.reduce(0, +)
        }
        #expect(admitted == 100)
        #expect(cap.inFlight == 100)
    }
}
