import NIOConcurrencyHelpers
import Testing

@testable import Gateway

/// Monotonic time the test moves by hand.
private final class BudgetClock: Sendable {
    private let value = NIOLockedValueBox<UInt64>(0)
    var now: Nanoseconds { { [value] in value.withLockedValue { $0 } } }
    func advance(_ duration: Duration) { value.withLockedValue { $0 += MonotonicClock.nanoseconds(duration) } }
}

@Suite("Retry policy")
struct RetryPolicyTests {
    @Test(
        "only idempotent methods, or POST and PATCH with an Idempotency-Key, are retried",
        arguments: [
            ("GET", false, true), ("HEAD", false, true), ("OPTIONS", false, true), ("PUT", false, true),
            ("DELETE", false, true), ("TRACE", false, true), ("GET", true, true),
            ("POST", false, false), ("POST", true, true), ("PATCH", false, false), ("PATCH", true, true),
            ("CONNECT", false, false), ("CONNECT", true, false), ("PROPFIND", true, false),
            ("get", false, false), ("", false, false), ("GET ", false, false),
        ]
    )
    func idempotency(method: String, hasIdempotencyKey: Bool, expected: Bool) {
        #expect(RetryPolicy.isIdempotent(method: method, hasIdempotencyKey: hasIdempotencyKey) == expected)
    }

    @Test("backoff stays within zero and the exponential ceiling, capped at maxBackoff")
    func backoffBounds() {
        let policy = RetryPolicy(maxRetries: 5, baseBackoff: .milliseconds(25), maxBackoff: .milliseconds(250))
        for attempt in 1...12 {
            let ceiling = min(Duration.milliseconds(250), .milliseconds(25) * (1 << min(attempt - 1, 20)))
            for random in [0, 0.1, 0.5, 0.999_999] {
                let backoff = policy.backoff(attempt: attempt, random: random)
                #expect(backoff >= .zero)
                #expect(backoff <= ceiling)
            }
            #expect(policy.backoff(attempt: attempt, random: 0) == .zero)
        }
    }

    @Test("the backoff ceiling doubles with each attempt until the cap")
    func backoffGrowth() {
        let policy = RetryPolicy(maxRetries: 5, baseBackoff: .milliseconds(25), maxBackoff: .milliseconds(250))
        let halves = (1...6).map { policy.backoff(attempt: $0, random: 0.5) }
        #expect(halves == [.microseconds(12_500), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(125), .milliseconds(125)])
    }

    @Test("absurd attempts and random values neither crash nor escape the bounds")
    func backoffBadInputs() {
        let policy = RetryPolicy()
        #expect(policy.backoff(attempt: 0, random: 0.5) == .microseconds(12_500))
        #expect(policy.backoff(attempt: -7, random: 0.5) == .microseconds(12_500))
        #expect(policy.backoff(attempt: .max, random: 0.5) == .milliseconds(125))
        #expect(policy.backoff(attempt: 3, random: .nan) == .zero)
        #expect(policy.backoff(attempt: 3, random: -1) == .zero)
        #expect(policy.backoff(attempt: 3, random: 7) <= .milliseconds(100))
        let huge = RetryPolicy(maxRetries: 1, baseBackoff: .seconds(Int64.max), maxBackoff: .seconds(Int64.max))
        #expect(huge.backoff(attempt: 80, random: 0.999) > .zero)
    }
}

@Suite("Retry budget")
struct RetryBudgetTests {
    private let clock = BudgetClock()

    @Test("retries are refused beyond the ratio of recent requests")
    func refusesBeyondRatio() {
        let budget = RetryBudget(ratio: 0.2, minimumPerSecond: 0, window: .seconds(10), now: clock.now)
        for _ in 0..<100 { budget.recordRequest() }
        let granted = (0..<50).filter { _ in budget.tryAcquireRetry() }.count
        #expect(granted == 20)
        #expect(!budget.tryAcquireRetry())
    }

    @Test("a quiet upstream still gets minimumPerSecond × window retries")
    func minimumAllowance() {
        let budget = RetryBudget(ratio: 0.2, minimumPerSecond: 3, window: .seconds(10), now: clock.now)
        let granted = (0..<100).filter { _ in budget.tryAcquireRetry() }.count
        #expect(granted == 30)
    }

    @Test("the budget refills as old requests and retries slide out of the window")
    func refillsAsWindowSlides() {
        let budget = RetryBudget(ratio: 0.2, minimumPerSecond: 0, window: .seconds(10), now: clock.now)
        for _ in 0..<50 { budget.recordRequest() }
        #expect((0..<20).filter { _ in budget.tryAcquireRetry() }.count == 10)

        clock.advance(.seconds(5))
        for _ in 0..<50 { budget.recordRequest() }
        #expect((0..<20).filter { _ in budget.tryAcquireRetry() }.count == 10, "100 requests allow 20, 10 are spent")

        clock.advance(.milliseconds(5_500))
        #expect(!budget.tryAcquireRetry(), "50 requests and 10 retries remain in the window")

        clock.advance(.seconds(5))
        #expect(!budget.tryAcquireRetry(), "nothing remains, and there is no minimum")
        for _ in 0..<50 { budget.recordRequest() }
        #expect((0..<20).filter { _ in budget.tryAcquireRetry() }.count == 10)
    }

    @Test("retries spent long ago stop counting against the budget")
    func oldRetriesAgeOut() {
        let budget = RetryBudget(ratio: 0.2, minimumPerSecond: 0, window: .seconds(10), now: clock.now)
        for _ in 0..<100 { budget.recordRequest() }
        while budget.tryAcquireRetry() {}
        clock.advance(.milliseconds(10_500))
        for _ in 0..<100 { budget.recordRequest() }
        #expect((0..<50).filter { _ in budget.tryAcquireRetry() }.count == 20)
    }
}
