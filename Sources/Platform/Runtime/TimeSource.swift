import Foundation
import NIOConcurrencyHelpers

/// Where "now" comes from. Injected so token expiry, caches and retries can be tested without waiting.
public struct TimeSource: Sendable {
    private let read: @Sendable () -> Date
    private let monotonic: @Sendable () -> UInt64

    /// A source whose monotonic reading follows `read` (tests; the system source reads the monotonic clock).
    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
        self.monotonic = { UInt64(max(0, read().timeIntervalSince1970 * 1e9)) }
    }

    private init(read: @escaping @Sendable () -> Date, monotonic: @escaping @Sendable () -> UInt64) {
        self.read = read
        self.monotonic = monotonic
    }

    public var now: Date { read() }

    /// Nanoseconds on a clock that never goes back, for measuring intervals (rate limits, timeouts).
    public var monotonicNanoseconds: UInt64 { monotonic() }

    public static let system = TimeSource(read: { Date() }, monotonic: { DispatchTime.now().uptimeNanoseconds })

    /// A clock that only moves when a test moves it.
    public static func manual(_ clock: ManualClock) -> TimeSource {
        TimeSource { clock.now }
    }
}

/// A settable clock for tests.
public final class ManualClock: Sendable {
    private let current: NIOLockedValueBox<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_780_000_000)) {
        current = NIOLockedValueBox(start)
    }

    public var now: Date { current.withLockedValue { $0 } }

    public func advance(by seconds: TimeInterval) {
        current.withLockedValue { $0 += seconds }
    }
}

extension TimeSource {
    /// Now, in milliseconds since 1970: how the platform's tables store instants.
    public var milliseconds: Int64 { Int64((now.timeIntervalSince1970 * 1000).rounded(.down)) }
}

extension Date {
    /// A date from the Unix milliseconds the platform's tables keep.
    public init(milliseconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)
    }
}
