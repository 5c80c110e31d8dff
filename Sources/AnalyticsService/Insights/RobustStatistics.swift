/// Order statistics used by the detectors: medians and deviations resist the one-off outliers statements are full of.
enum RobustStatistics {
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The median of cents; an even count averages the two middle values, rounding toward zero.
    static func median(_ values: [Int64]) -> Int64? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        if sorted.count % 2 == 1 { return sorted[middle] }
        let (a, b) = (sorted[middle - 1], sorted[middle])
        return a / 2 + b / 2 + (a % 2 + b % 2) / 2
    }

    /// The mean of cents rounded half away from zero, exact in integers.
    static func mean(_ values: [Int64]) -> Int64? {
        guard !values.isEmpty else { return nil }
        let count = Int64(values.count)
        let total = values.reduce(0, +)
        let quotient = total / count
        let remainder = total % count
        if remainder.magnitude * 2 >= UInt64(count) { return quotient + (total < 0 ? -1 : 1) }
        return quotient
    }

    /// Coefficient of variation (population standard deviation ÷ mean); nil when the mean is not positive.
    static func coefficientOfVariation(_ values: [Int64]) -> Double? {
        guard values.count >= 2 else { return nil }
        let doubles = values.map(Double.init)
        let mean = doubles.reduce(0, +) / Double(doubles.count)
        guard mean > 0 else { return nil }
        let variance = doubles.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(doubles.count)
        return variance.squareRoot() / mean
    }

    /// `part ÷ whole`, nil when the whole is not positive (a share of nothing is unknown, not zero).
    static func share(_ part: Int64, of whole: Int64) -> Double? {
        whole > 0 ? Double(part) / Double(whole) : nil
    }

    /// A share as a whole percentage for sentences ("68%"), rounded for display only.
    static func percent(_ share: Double) -> String {
        "\(Int((share * 100).rounded()))%"
    }

    /// A share as a percentage with one decimal ("1.8%"), for small rates such as fees.
    static func percentOneDecimal(_ share: Double) -> String {
        let tenths = Int((share * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// Herfindahl–Hirschman index on the 0–10,000 scale (shares in percent, squared and summed).
    static func herfindahlIndex(_ amounts: [Int64], total: Int64) -> Double? {
        guard total > 0 else { return nil }
        return amounts.reduce(0) { sum, amount in
            let percent = Double(amount) / Double(total) * 100
            return sum + percent * percent
        }
    }
}
