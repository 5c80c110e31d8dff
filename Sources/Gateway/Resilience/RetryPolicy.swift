import NIOConcurrencyHelpers

/// When and how long to wait before retrying a request whose upstream attempt failed.
struct RetryPolicy: Sendable {
    var maxRetries: Int = 2
    var baseBackoff: Duration = .milliseconds(25)
    var maxBackoff: Duration = .milliseconds(250)

    /// GET, HEAD, OPTIONS, PUT, DELETE, TRACE are idempotent (RFC 9110 §9.2.2); POST/PATCH only with an
    /// Idempotency-Key header. `method` is the case-sensitive token ("GET"); anything else (CONNECT, an extension
    /// method, a lowercase token) is not retried.
    static func isIdempotent(method: String, hasIdempotencyKey: Bool) -> Bool {
        switch method {
        case "GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE": true
        case "POST", "PATCH": hasIdempotencyKey
        default: false
        }
    }

    /// Full jitter: uniform in 0...min(maxBackoff, base * 2^(attempt-1)); attempt starts at 1 (lower values count
    /// as 1), `random` is in 0..<1.
    func backoff(attempt: Int, random: Double) -> Duration {
        let base = MonotonicClock.nanoseconds(baseBackoff)
        let cap = MonotonicClock.nanoseconds(maxBackoff)
        let shift = max(0, attempt - 1)
        let ceiling = shift < 63 && base <= (cap >> UInt64(shift)) ? base << UInt64(shift) : cap
        let fraction = random.isFinite ? min(max(random, 0), 1) : 0
        let nanoseconds = min(Double(ceiling) * fraction, Double(ceiling))
        return nanoseconds >= Double(Int64.max) ? .nanoseconds(Int64.max) : .nanoseconds(Int64(nanoseconds))
    }
}

/// Caps retries at a share of recent requests, plus a small floor for quiet upstreams, so retries cannot multiply the
/// load on an upstream that is already failing (Envoy `retry_budget`, Finagle `RetryBudget`).
final class RetryBudget: Sendable {
    private let now: Nanoseconds
    /// `ratio` in millionths, so the check is integer arithmetic.
    private let ratioPerMillion: Int
    private let minimumRetries: Int
    private let counts: NIOLockedValueBox<SlidingWindowCounts>  // first: requests, second: retries

    /// Retries may be at most `ratio` of requests seen in the last `window`, plus `minimumPerSecond`*window seconds
    /// worth, so a dying upstream is not hammered (Envoy retry_budget / Finagle).
    init(
        ratio: Double = 0.2,
        minimumPerSecond: Int = 3,
        window: Duration = .seconds(10),
        now: @escaping Nanoseconds = MonotonicClock.system
    ) {
        self.now = now
        let perMillion = ratio.isFinite ? (max(0, ratio) * 1_000_000).rounded() : 0
        self.ratioPerMillion = Int(min(perMillion, 1_000_000_000))
        let windowNanoseconds = MonotonicClock.nanoseconds(window)
        let floor = UInt64(max(0, minimumPerSecond)).multipliedFullWidth(by: windowNanoseconds)
        self.minimumRetries = Int(clamping: floor.high > 0 ? UInt64.max : floor.low / 1_000_000_000)
        self.counts = NIOLockedValueBox(SlidingWindowCounts(window: window))
    }

    /// Counts one client request; call it once per request, not per attempt.
    func recordRequest() {
        let at = now()
        counts.withLockedValue { $0.record(first: 1, at: at) }
    }

    /// Takes one retry from the budget if it has room; a `false` means answer with the failure instead.
    func tryAcquireRetry() -> Bool {
        let at = now()
        return counts.withLockedValue { counts in
            let (requests, retries) = counts.totals(at: at)
            let (share, overflow) = requests.multipliedReportingOverflow(by: ratioPerMillion)
            let allowance = (overflow ? Int.max : share / 1_000_000).addingReportingOverflow(minimumRetries)
            guard allowance.overflow || retries < allowance.partialValue else { return false }
            counts.record(second: 1, at: at)
            return true
        }
    }
}
