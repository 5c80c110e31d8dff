import MPesaCore

/// Finds sales that depend on a few customers: losing one of them would hurt.
enum RevenueConcentrationInsight {
    /// Fewer customer payments than this say nothing about a customer base.
    static let minimumPayments = 10
    static let topCount = 3
    /// Below this top-3 share the customer base is spread enough not to mention.
    static let infoShare = 0.35
    static let warningShare = 0.50

    static func detect(rows: [LedgerRow]) -> Insight? {
        let payments = rows.filter(LedgerFlow.isCustomerInflow)
        guard payments.count >= minimumPayments else { return nil }
        let total = payments.reduce(Int64(0)) { $0 + $1.amountCents }
        // Payments without a counterparty stay in the total: they are sales, just from people we cannot tell apart.
        var byCustomer: [String: Int64] = [:]
        var names: [String: String] = [:]
        for row in payments {
            guard let key = row.counterpartyKey else { continue }
            byCustomer[key, default: 0] += row.amountCents
            if let name = row.counterpartyName { names[key] = name }
        }
        let ranked = byCustomer.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let top = ranked.prefix(topCount)
        let topTotal = top.reduce(Int64(0)) { $0 + $1.value }
        guard let share = RobustStatistics.share(topTotal, of: total), share >= infoShare,
            let hhi = RobustStatistics.herfindahlIndex(Array(byCustomer.values), total: total)
        else { return nil }

        let topKeys = Set(top.map(\.key))
        let evidence = payments.filter { $0.counterpartyKey.map(topKeys.contains) ?? false }
            .sorted { $0.amountCents != $1.amountCents ? $0.amountCents > $1.amountCents : $0.id < $1.id }
            .map(\.id)
        let who = top.map { names[$0.key] ?? $0.key }.joined(separator: ", ")
        let count = min(topCount, top.count)
        var metrics: [String: MetricValue] = [
            "top3_share": .double(share),
            "top3_inflow_cents": .integer(topTotal),
            "customer_inflow_cents": .integer(total),
            "hhi": .double(hhi),
            "customers": .integer(Int64(byCustomer.count)),
        ]
        metrics["payments"] = .integer(Int64(payments.count))
        return Insight(
            kind: .revenueConcentration,
            severity: share >= warningShare ? .warning : .info,
            title: "Your top \(count) customer\(count == 1 ? "" : "s") bring \(RobustStatistics.percent(share)) of your sales",
            detail: "\(who) paid \(Money(cents: topTotal)) of \(Money(cents: total)) received from customers. "
                + "Losing one of them would cut your sales sharply; try to win more regular customers. "
                + "Loans, Fuliza, deposits, reversals and your own transfers are not counted as sales.",
            metrics: metrics,
            evidence: evidence
        )
    }
}
