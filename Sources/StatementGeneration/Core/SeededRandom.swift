/// A small, fast, seedable random generator (SplitMix64): the same seed gives the same statement on every
/// machine and every Swift version, which `SystemRandomNumberGenerator` cannot promise.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [0, 1).
    public mutating func unit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// A log-normally distributed amount in whole shillings, clamped, as cents.
    public mutating func shillings(median: Double, spread: Double, range: ClosedRange<Int64>) -> Int64 {
        // Box-Muller for a standard normal.
        let u1 = max(unit(), 1e-12)
        let u2 = unit()
        let normal = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        let value = Int64((median * exp(spread * normal)).rounded())
        return min(max(value, range.lowerBound), range.upperBound) * 100
    }

    /// A Poisson-distributed count (Knuth; fine for the small means of daily transaction counts).
    public mutating func poisson(_ mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 30 {
            // Normal approximation keeps large means fast.
            let u1 = max(unit(), 1e-12)
            let normal = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * unit())
            return max(0, Int((mean + normal * mean.squareRoot()).rounded()))
        }
        let limit = exp(-mean)
        var product = unit()
        var count = 0
        while product > limit {
            count += 1
            product *= unit()
        }
        return count
    }

    public mutating func pick<T>(_ items: [T]) -> T {
        items[Int(next() % UInt64(items.count))]
    }

    /// Picks from weighted choices.
    public mutating func weighted<T>(_ choices: [(T, Double)]) -> T {
        let total = choices.reduce(0) { $0 + $1.1 }
        var roll = unit() * total
        for (item, weight) in choices {
            roll -= weight
            if roll < 0 { return item }
        }
        return choices[choices.count - 1].0
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
