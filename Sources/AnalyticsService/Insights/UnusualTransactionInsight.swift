import MPesaCore

/// Finds payments far out of line with the rest of their category (a rent payment three times the usual, a sale
/// ten times the typical ticket), using the robust z-score so one outlier cannot hide itself by inflating the spread.
enum UnusualTransactionInsight {
    /// A category needs this many rows before "usual" means anything.
    static let minimumRowsPerCategory = 8
    /// Iglewicz and Hoaglin's cut-off for the modified z-score.
    static let zThreshold = 3.5
    /// 0.6745 makes the MAD consistent with the standard deviation of a normal distribution.
    static let madScale = 0.6745
    /// When more than half the amounts are identical the MAD is zero; the mean absolute deviation times
    /// √(π/2) ≈ 1.2533 is the normal-consistent fallback.
    static let meanAbsoluteDeviationScale = 1.2533

    /// The modified z-score of every amount, or nil when the amounts do not vary at all.
    static func zScores(_ amounts: [Double]) -> [Double]? {
        guard let median = RobustStatistics.median(amounts) else { return nil }
        let deviations = amounts.map { abs($0 - median) }
        if let mad = RobustStatistics.median(deviations), mad > 0 {
            return amounts.map { madScale * ($0 - median) / mad }
        }
        let meanDeviation = deviations.reduce(0, +) / Double(deviations.count)
        guard meanDeviation > 0 else { return nil }
        return amounts.map { ($0 - median) / (meanAbsoluteDeviationScale * meanDeviation) }
    }

    static func detect(rows: [LedgerRow]) -> [Insight] {
        struct Group: Hashable {
            var category: String
            var direction: Direction
        }
        // Money in and money out of one category are different habits (a sale versus a refund), so they are judged apart.
        let groups = Dictionary(grouping: rows) { Group(category: $0.category, direction: $0.direction) }
        var insights: [Insight] = []
        for (group, members) in groups where members.count >= minimumRowsPerCategory {
            guard let scores = zScores(members.map { Double($0.amountCents) }),
                let median = RobustStatistics.median(members.map(\.amountCents))
            else { continue }
            let flagged = zip(members, scores).filter { abs($0.1) >= zThreshold }
                .sorted { abs($0.1) != abs($1.1) ? abs($0.1) > abs($1.1) : $0.0.id < $1.0.id }
            guard let (worst, worstScore) = flagged.first else { continue }
            let label = CategoryTable.label(for: group.category)
            let moved = group.direction == .in ? "received" : "paid"
            let multiple = median > 0 ? Double(worst.amountCents) / Double(median) : 0
            let comparison = multiple >= 1
                ? "\(formatMultiple(multiple)) your usual \(Money(cents: median))"
                : "far below your usual \(Money(cents: median))"
            let more = flagged.count > 1 ? " \(flagged.count - 1) more \(label.lowercased()) payment\(flagged.count == 2 ? " is" : "s are") also out of line." : ""
            insights.append(Insight(
                kind: .unusualTransaction,
                severity: .info,
                title: "\(Money(cents: worst.amountCents)) \(moved) for \(label.lowercased()) on \(worst.localTime.date) is \(comparison)",
                detail: "Compared with \(members.count) \(label.lowercased()) transactions (\(moved)) in this period.\(more) "
                    + "Check that it is right: a typing mistake, a fraudulent payment or a one-off deal.",
                metrics: [
                    "category_rows": .integer(Int64(members.count)),
                    "median_cents": .integer(median),
                    "max_abs_z": .double(abs(worstScore)),
                    "flagged": .integer(Int64(flagged.count)),
                    "amount_cents": .integer(worst.amountCents),
                ],
                evidence: flagged.map(\.0.id)
            ))
        }
        return insights.sorted { ($0.metrics["max_abs_z"]?.doubleValue ?? 0) > ($1.metrics["max_abs_z"]?.doubleValue ?? 0) }
    }

    private static func formatMultiple(_ multiple: Double) -> String {
        let tenths = Int((multiple * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)×" : "\(tenths / 10).\(tenths % 10)×"
    }
}
