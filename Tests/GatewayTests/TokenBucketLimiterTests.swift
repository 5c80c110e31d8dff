import Dispatch
import NIOConcurrencyHelpers
import Testing

@testable import Gateway

/// Monotonic time the test moves by hand.
private final class LimiterClock: Sendable {
    private let value = NIOLockedValueBox<UInt64>(5_000_000_000)
    var now: Nanoseconds { { [value] in value.withLockedValue { $0 } } }
    func advance(_ duration: Duration) { value.withLockedValue { $0 += MonotonicClock.nanoseconds(duration) } }
}

@Suite("Token bucket limiter")
struct TokenBucketLimiterTests {
    private let clock = LimiterClock()

    private func allowed(_ limiter: TokenBucketLimiter, _ key: String, times: Int, quota: Int64, window: Int64) -> Int {
        (0..<times).filter { _ in limiter.take(key, quota: quota, windowSeconds: window).allowed }.count
    }

    @Test("a burst of three times the quota with no time passing lets exactly the quota through", arguments: [1, 7, 100, 1_000])
    func burstGetsExactlyQuota(quota: Int64) {
        let limiter = TokenBucketLimiter(now: clock.now)
        #expect(allowed(limiter, "tenant-a", times: Int(quota) * 3, quota: quota, window: 60) == Int(quota))
    }

    @Test("half a window refills half the quota")
    func halfWindowRefillsHalf() {
        let limiter = TokenBucketLimiter(now: clock.now)
        #expect(allowed(limiter, "tenant-a", times: 300, quota: 300, window: 60) == 300)
        clock.advance(.seconds(30))
        #expect(allowed(limiter, "tenant-a", times: 200, quota: 300, window: 60) == 150)
    }

    @Test("remaining, reset and Retry-After are whole numbers rounded the safe way")
    func decisionValues() {
        let limiter = TokenBucketLimiter(now: clock.now)
        let first = limiter.take("tenant-a", quota: 10, windowSeconds: 60)
        #expect(first == .init(allowed: true, quota: 10, windowSeconds: 60, remaining: 9, resetSeconds: 6, retryAfterSeconds: nil))
        for _ in 0..<8 { _ = limiter.take("tenant-a", quota: 10, windowSeconds: 60) }
        let last = limiter.take("tenant-a", quota: 10, windowSeconds: 60)
        #expect(last == .init(allowed: true, quota: 10, windowSeconds: 60, remaining: 0, resetSeconds: 60, retryAfterSeconds: nil))
        let refused = limiter.take("tenant-a", quota: 10, windowSeconds: 60)
        #expect(refused == .init(allowed: false, quota: 10, windowSeconds: 60, remaining: 0, resetSeconds: 60, retryAfterSeconds: 6))
        clock.advance(.milliseconds(3_500))
        let later = limiter.take("tenant-a", quota: 10, windowSeconds: 60)
        #expect(later == .init(allowed: false, quota: 10, windowSeconds: 60, remaining: 0, resetSeconds: 57, retryAfterSeconds: 3))
        clock.advance(.milliseconds(2_500))
        #expect(limiter.take("tenant-a", quota: 10, windowSeconds: 60).allowed, "one token after 6 s")
    }

    @Test("a bucket that refills while being hit every nanosecond loses no time to rounding")
    func refillCarriesRemainder() {
        var bucket = TokenBucketLimiter.Bucket(quota: 3, windowSeconds: 7, at: 0)
        for _ in 0..<3 { _ = bucket.take(quota: 3, windowSeconds: 7, at: 0) }
        #expect(bucket.level == 0)
        for nanosecond in 1...700 { bucket.refill(at: UInt64(nanosecond)) }
        #expect(bucket.level == 300, "700 ns × 3 tokens / 7 s = 300 nanotokens")
    }

    @Test("separate keys have separate buckets")
    func keysAreIndependent() {
        let limiter = TokenBucketLimiter(now: clock.now)
        #expect(allowed(limiter, "tenant-a", times: 10, quota: 5, window: 60) == 5)
        #expect(allowed(limiter, "tenant-b", times: 10, quota: 5, window: 60) == 5)
        #expect(allowed(limiter, "", times: 10, quota: 5, window: 60) == 5)
        #expect(limiter.keyCount == 3)
    }

    @Test("a plan change keeps the fill level, clamped to the new capacity")
    func quotaChangeClamps() {
        let limiter = TokenBucketLimiter(now: clock.now)
        #expect(allowed(limiter, "tenant-a", times: 10, quota: 100, window: 60) == 10)
        let upgraded = limiter.take("tenant-a", quota: 200, windowSeconds: 60)
        #expect(upgraded.quota == 200)
        #expect(upgraded.remaining == 89, "90 tokens kept, one taken")
        let downgraded = limiter.take("tenant-a", quota: 50, windowSeconds: 60)
        #expect(downgraded.remaining == 49, "clamped to 50, one taken")
        #expect(allowed(limiter, "tenant-a", times: 100, quota: 50, window: 60) == 49)
    }

    @Test("bad quotas and windows are refused or clamped, never trapped on", arguments: [
        (Int64(0), Int64(60), 0), (-5, 60, 0), (3, 0, 3), (3, -60, 3), (.max, .max, 10), (.max, 1, 10),
    ])
    func badInputs(quota: Int64, window: Int64, expected: Int) {
        let limiter = TokenBucketLimiter(now: clock.now)
        #expect(allowed(limiter, "tenant-a", times: 10, quota: quota, window: window) == expected)
        let decision = limiter.take("tenant-a", quota: quota, windowSeconds: window)
        #expect(decision.remaining >= 0 && decision.resetSeconds >= 0 && decision.windowSeconds >= 1)
        if !decision.allowed { #expect((decision.retryAfterSeconds ?? 0) >= 1) }
    }

    @Test("10,000 distinct keys with maxKeys 1,000 never hold more than 1,000 buckets")
    func memoryIsBounded() {
        let limiter = TokenBucketLimiter(maxKeys: 1_000, now: clock.now)
        var peak = 0
        for index in 0..<10_000 {
            _ = limiter.take("key-\(index)", quota: 10, windowSeconds: 60)
            if index % 100 == 0 { peak = max(peak, limiter.keyCount) }
        }
        peak = max(peak, limiter.keyCount)
        #expect(peak <= 1_000)
        #expect(limiter.keyCount == 992, "16 shards of 62 buckets, all full of keys")
    }

    @Test("a key in active use keeps its bucket through a flood of one-shot keys")
    func activeKeySurvivesFlood() {
        let limiter = TokenBucketLimiter(maxKeys: 1_000, now: clock.now)
        var taken = 0
        for index in 0..<10_000 {
            if index % 20 == 0 {
                #expect(limiter.take("tenant-active", quota: 5_000, windowSeconds: 3_600).allowed)
                taken += 1
            }
            _ = limiter.take("one-shot-\(index)", quota: 10, windowSeconds: 60)
        }
        let decision = limiter.take("tenant-active", quota: 5_000, windowSeconds: 3_600)
        #expect(decision.remaining == Int64(5_000 - taken - 1), "a forgotten bucket would have started full again")
    }

    @Test("a key that still owes tokens survives until as many other keys as its shard holds have been used after it")
    func owingKeySurvivesUntilLeastRecentlyUsed() {
        let limiter = TokenBucketLimiter(maxKeys: 10, shards: 1, now: clock.now)
        #expect(allowed(limiter, "drained", times: 6, quota: 5, window: 3_600) == 5)
        for index in 0..<9 { _ = limiter.take("other-\(index)", quota: 10, windowSeconds: 60) }
        #expect(!limiter.take("drained", quota: 5, windowSeconds: 3_600).allowed)
        for index in 9..<18 { _ = limiter.take("other-\(index)", quota: 10, windowSeconds: 60) }
        #expect(!limiter.take("drained", quota: 5, windowSeconds: 3_600).allowed, "9 new keys since: kept")
        for index in 18..<28 { _ = limiter.take("other-\(index)", quota: 10, windowSeconds: 60) }
        #expect(limiter.take("drained", quota: 5, windowSeconds: 3_600).allowed, "10 new keys since: forgotten")
    }

    @Test("a bucket that has refilled completely is evicted before a less recently used one that still owes tokens")
    func fullBucketsGoFirst() {
        let limiter = TokenBucketLimiter(maxKeys: 10, shards: 1, now: clock.now)
        #expect(allowed(limiter, "drained", times: 5, quota: 5, window: 60) == 5)
        for index in 0..<9 { _ = limiter.take("quick-\(index)", quota: 1_000, windowSeconds: 1) }
        clock.advance(.milliseconds(10))
        for index in 0..<5 { _ = limiter.take("newcomer-\(index)", quota: 1_000, windowSeconds: 1) }
        #expect(limiter.keyCount == 10)
        #expect(!limiter.take("drained", quota: 5, windowSeconds: 60).allowed, "the drained bucket was kept")
    }

    @Test("when no bucket is full, the least recently used one is evicted")
    func leastRecentlyUsedGoes() {
        let limiter = TokenBucketLimiter(maxKeys: 10, shards: 1, now: clock.now)
        for index in 0..<10 { _ = limiter.take("key-\(index)", quota: 100, windowSeconds: 60) }
        _ = limiter.take("key-0", quota: 100, windowSeconds: 60)
        _ = limiter.take("key-10", quota: 100, windowSeconds: 60)
        #expect(limiter.keyCount == 10)
        #expect(limiter.take("key-0", quota: 100, windowSeconds: 60).remaining == 97, "recently used: kept")
        #expect(limiter.take("key-1", quota: 100, windowSeconds: 60).remaining == 99, "least recently used: started afresh")
    }

    @Test("concurrent takes from several threads let exactly the quota through")
    func concurrentTakes() {
        let limiter = TokenBucketLimiter(now: clock.now)
        let admitted = NIOLockedValueBox(0)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            var count = 0
            for _ in 0..<1_000 where limiter.take("tenant-a", quota: 1_000, windowSeconds: 60).allowed { count += 1 }
            admitted.withLockedValue { $0 += count }
        }
        #expect(admitted.withLockedValue { $0 } == 1_000)
    }
}
