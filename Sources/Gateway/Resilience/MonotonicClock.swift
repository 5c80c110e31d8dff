import Platform

/// Monotonic time in nanoseconds, injected into the gateway's hot-path logic so tests can drive it by hand.
typealias Nanoseconds = @Sendable () -> UInt64

/// The system's monotonic clock, and conversions the resilience and rate-limiting types share.
enum MonotonicClock {
    /// Uptime in nanoseconds (the platform's ``TimeSource/monotonicNanoseconds``): never jumps with wall-clock
    /// changes, and costs one `clock_gettime`.
    static let system: Nanoseconds = { TimeSource.system.monotonicNanoseconds }

    /// `duration` in whole nanoseconds; negative durations are zero, and durations past `UInt64.max` saturate.
    static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return .max }
        let (total, carry) = whole.addingReportingOverflow(UInt64(max(0, attoseconds) / 1_000_000_000))
        return carry ? .max : total
    }

    /// Whole seconds in `nanoseconds`, rounded up: what a `Retry-After` must say so a client that obeys it is not
    /// refused again.
    static func ceilSeconds(_ nanoseconds: UInt64) -> Int64 {
        let seconds = nanoseconds / 1_000_000_000 + (nanoseconds % 1_000_000_000 == 0 ? 0 : 1)
        return Int64(clamping: seconds)
    }
}
