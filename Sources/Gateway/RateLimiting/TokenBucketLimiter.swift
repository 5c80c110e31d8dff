import NIOConcurrencyHelpers

/// Per-key token buckets (per tenant, per API key) that bound request rates in memory bounded by `maxKeys`, sharded
/// over locks so event loops rarely contend.
///
/// Eviction: a shard holds at most `maxKeys / shards` buckets. A new key in a full shard evicts exactly one bucket:
/// the least recently used that has refilled completely among the shard's `evictionScan` least recently used
/// (lossless: a new bucket starts full too), or else the least recently used. So a bucket that still owes tokens is
/// forgotten only after `maxKeys / shards` other keys of its shard have been used since it was last used. Every take
/// is O(1), eviction included.
final class TokenBucketLimiter: Sendable {
    struct Decision: Sendable, Equatable {
        var allowed: Bool
        /// Requests per window (the bucket's capacity).
        var quota: Int64
        var windowSeconds: Int64
        /// Whole tokens left after this request (>= 0).
        var remaining: Int64
        /// Seconds until the bucket is full again (rounded up, >= 0).
        var resetSeconds: Int64
        /// When refused: seconds until one token is available (rounded up, >= 1).
        var retryAfterSeconds: Int64?
    }

    /// The largest quota and window honoured; larger values are clamped (so nanotoken arithmetic cannot overflow).
    static let maxQuota: Int64 = 1_000_000_000
    static let maxWindowSeconds: Int64 = 1_000_000_000
    /// How many of a full shard's least recently used buckets are checked for one that has refilled completely.
    static let evictionScan = 8

    let maxKeys: Int
    private let shards: [NIOLockedValueBox<Shard>]
    private let shardCapacity: Int
    private let now: Nanoseconds

    /// maxKeys bounds memory whatever the number of distinct keys; keys are spread over `shards` locks.
    init(maxKeys: Int = 100_000, shards: Int = 16, now: @escaping Nanoseconds = MonotonicClock.system) {
        let maxKeys = max(1, maxKeys)
        let shardCount = max(1, min(shards, maxKeys))
        self.maxKeys = maxKeys
        self.shardCapacity = maxKeys / shardCount
        self.shards = (0..<shardCount).map { _ in NIOLockedValueBox(Shard()) }
        self.now = now
    }

    /// Takes one token from the bucket of `key`; capacity `quota`, refilled continuously at quota/window.
    /// A quota of zero or less refuses everything; a window under one second counts as one second.
    func take(_ key: String, quota: Int64, windowSeconds: Int64) -> Decision {
        let window = UInt64(min(max(1, windowSeconds), Self.maxWindowSeconds))
        guard quota > 0 else {
            return Decision(
                allowed: false, quota: 0, windowSeconds: Int64(window), remaining: 0, resetSeconds: 0,
                retryAfterSeconds: Int64(window)
            )
        }
        let quota = UInt64(min(quota, Self.maxQuota))
        let at = now()
        let capacity = shardCapacity
        return shards[shardIndex(of: key)].withLockedValue { shard in
            shard.take(key, quota: quota, windowSeconds: window, at: at, capacity: capacity)
        }
    }

    var keyCount: Int { shards.reduce(0) { count, shard in count + shard.withLockedValue { $0.count } } }

    private func shardIndex(of key: String) -> Int {
        // The high bits of a multiplicative hash, so a shard's keys do not share the low bits its dictionary uses.
        let mixed = UInt64(UInt(bitPattern: key.hashValue)) &* 0x9E37_79B9_7F4A_7C15
        return Int((mixed >> 32) % UInt64(shards.count))
    }

    /// One key's bucket. Tokens are counted in nanotokens (10⁻⁹ token) as integers, and the part of a nanotoken
    /// that a refill could not yet add is carried, so no time is lost to rounding however often a key is hit.
    struct Bucket: Sendable, Equatable {
        static let token: UInt64 = 1_000_000_000

        private(set) var level: UInt64
        /// Refill not yet a whole nanotoken, in 1/windowSeconds nanotokens (always < windowSeconds).
        private(set) var carry: UInt64 = 0
        private(set) var updatedAt: UInt64
        /// When the bucket is full again if untouched: from then on dropping it loses nothing.
        private(set) var fullAt: UInt64
        private(set) var quota: UInt64
        private(set) var windowSeconds: UInt64

        /// A full bucket; `quota` and `windowSeconds` must be positive and within the limiter's maxima.
        init(quota: UInt64, windowSeconds: UInt64, at now: UInt64) {
            self.quota = quota
            self.windowSeconds = windowSeconds
            self.level = quota * Self.token
            self.updatedAt = now
            self.fullAt = now
        }

        var capacity: UInt64 { quota * Self.token }

        /// Adds the tokens that accrued since the last update at quota/window, up to the capacity.
        mutating func refill(at now: UInt64) {
            guard now > updatedAt else { return }
            let elapsed = min(now - updatedAt, windowSeconds * Self.token)
            updatedAt = now
            guard level < capacity else {
                carry = 0
                return
            }
            // elapsed ns × quota / (window s × 10⁹ ns/s) tokens = elapsed × quota / window nanotokens.
            let (added, remainder) = mulAddDiv(elapsed, quota, carry, windowSeconds)
            if added >= capacity - level {
                level = capacity
                carry = 0
            } else {
                level += added
                carry = remainder
            }
        }

        /// Refills, applies a changed quota or window (keeping the fill level, clamped to the new capacity), then
        /// takes one token if there is one.
        mutating func take(quota: UInt64, windowSeconds: UInt64, at now: UInt64) -> Decision {
            let now = max(now, updatedAt)
            refill(at: now)
            if quota != self.quota || windowSeconds != self.windowSeconds {
                self.quota = quota
                self.windowSeconds = windowSeconds
                level = min(level, capacity)
                carry = 0
            }
            let allowed = level >= Self.token
            if allowed { level -= Self.token }
            let untilFull = ceilMulDiv(capacity - level, windowSeconds, quota)
            fullAt = now.addingReportingOverflow(untilFull).overflow ? .max : now + untilFull
            let retryAfter = allowed
                ? nil : max(1, MonotonicClock.ceilSeconds(ceilMulDiv(Self.token - level, windowSeconds, quota)))
            return Decision(
                allowed: allowed, quota: Int64(quota), windowSeconds: Int64(windowSeconds),
                remaining: Int64(level / Self.token), resetSeconds: MonotonicClock.ceilSeconds(untilFull),
                retryAfterSeconds: retryAfter
            )
        }

        /// ⌊(a·b + c) / d⌋ and its remainder in 128-bit intermediate precision; the quotient must fit in 64 bits.
        private func mulAddDiv(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> (UInt64, UInt64) {
            let product = a.multipliedFullWidth(by: b)
            let (low, overflow) = product.low.addingReportingOverflow(c)
            return d.dividingFullWidth((product.high + (overflow ? 1 : 0), low))
        }

        /// ⌈a·b / d⌉ nanoseconds; the quotient must fit in 64 bits.
        private func ceilMulDiv(_ a: UInt64, _ b: UInt64, _ d: UInt64) -> UInt64 {
            let (quotient, remainder) = mulAddDiv(a, b, 0, d)
            return remainder == 0 ? quotient : quotient + 1
        }
    }

    /// A shard's buckets in a dictionary of slots, threaded on a least-recently-used list so that making room is
    /// O(1): no sweep, no pause on the event loop however many keys arrive.
    private struct Shard: Sendable {
        private struct Entry: Sendable {
            var key: String
            var bucket: Bucket
            var newer: Int
            var older: Int
        }

        private var slots: [String: Int] = [:]
        private var entries: [Entry] = []
        private var newest = -1
        private var oldest = -1

        var count: Int { slots.count }

        mutating func take(_ key: String, quota: UInt64, windowSeconds: UInt64, at now: UInt64, capacity: Int) -> Decision {
            if let slot = slots[key] {
                moveToNewest(slot)
                return entries[slot].bucket.take(quota: quota, windowSeconds: windowSeconds, at: now)
            }
            var bucket = Bucket(quota: quota, windowSeconds: windowSeconds, at: now)
            let decision = bucket.take(quota: quota, windowSeconds: windowSeconds, at: now)
            let slot: Int
            if entries.count < capacity {
                slot = entries.count
                entries.append(Entry(key: key, bucket: bucket, newer: -1, older: -1))
            } else {
                slot = victim(at: now)
                unlink(slot)
                slots.removeValue(forKey: entries[slot].key)
                entries[slot] = Entry(key: key, bucket: bucket, newer: -1, older: -1)
            }
            slots[key] = slot
            linkAsNewest(slot)
            return decision
        }

        /// Among the `evictionScan` least recently used buckets, the oldest that has refilled completely (dropping it
        /// loses nothing); if none has, the least recently used.
        private func victim(at now: UInt64) -> Int {
            var slot = oldest
            for _ in 0..<TokenBucketLimiter.evictionScan where slot != -1 {
                if entries[slot].bucket.fullAt <= now { return slot }
                slot = entries[slot].newer
            }
            return oldest
        }

        private mutating func moveToNewest(_ slot: Int) {
            guard slot != newest else { return }
            unlink(slot)
            linkAsNewest(slot)
        }

        private mutating func unlink(_ slot: Int) {
            let (newer, older) = (entries[slot].newer, entries[slot].older)
            if newer == -1 { newest = older } else { entries[newer].older = older }
            if older == -1 { oldest = newer } else { entries[older].newer = newer }
            entries[slot].newer = -1
            entries[slot].older = -1
        }

        private mutating func linkAsNewest(_ slot: Int) {
            entries[slot].older = newest
            entries[slot].newer = -1
            if newest != -1 { entries[newest].newer = slot }
            newest = slot
            if oldest == -1 { oldest = slot }
        }
    }
}
