import MPesaCore

/// Shows what M-PESA charges cost and which habits cost the most, with cheaper ways to do the same thing.
enum FeeLeakageInsight {
    /// Fewer charged transactions than this, or less than KES 100 in fees, is not worth a tenant's attention.
    static let minimumChargedTransactions = 10
    static let minimumFeesCents: Int64 = 10_000
    static let warningRate = 0.015
    /// A send-money payment up to KES 1,000 whose charge is at least 1% of it counts as a "small, charged" payment.
    static let smallPaymentCents: Int64 = 100_000
    static let smallPaymentFeeShare = 0.01
    /// This many small charged payments make the till advice worth giving.
    static let minimumSmallPayments = 5
    /// Several withdrawals a week are costly because each tariff band charges per withdrawal.
    static let minimumWithdrawalsForAdvice = 4

    /// The fee of a row, and the whole amount of a stand-alone charge row (a charge with no parent transaction).
    static func feeCents(of row: LedgerRow) -> Int64 {
        row.feeCents + (row.kind == .charge || row.category == CategoryTable.feesCharges ? (row.direction == .out ? row.amountCents : 0) : 0)
    }

    static func detect(rows: [LedgerRow]) -> Insight? {
        let charged = rows.filter { feeCents(of: $0) > 0 }
        let fees = charged.reduce(Int64(0)) { $0 + feeCents(of: $1) }
        guard charged.count >= minimumChargedTransactions, fees >= minimumFeesCents else { return nil }
        let outflow = rows.filter(LedgerFlow.isSpending).reduce(Int64(0)) { $0 + $1.amountCents + $1.feeCents }
        let rate = RobustStatistics.share(fees, of: outflow) ?? 0

        var byKind: [TransactionKind: Int64] = [:]
        for row in charged { byKind[row.kind, default: 0] += feeCents(of: row) }
        let rankedKinds = byKind.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.rawValue < $1.key.rawValue }

        var advice: [String] = []
        let smallSends = charged.filter {
            $0.kind == .sendMoney && $0.amountCents <= smallPaymentCents
                && Double($0.feeCents) >= smallPaymentFeeShare * Double($0.amountCents)
        }
        if smallSends.count >= minimumSmallPayments {
            let cost = smallSends.reduce(Int64(0)) { $0 + $1.feeCents }
            advice.append("\(smallSends.count) small send-money payments cost \(Money(cents: cost)) in charges: paying suppliers through a till (Lipa na M-PESA Buy Goods is free for the payer) or paying them once a week instead of each time would save most of it.")
        }
        let withdrawals = charged.filter { $0.kind == .agentWithdrawal }
        if withdrawals.count >= minimumWithdrawalsForAdvice {
            let cost = withdrawals.reduce(Int64(0)) { $0 + $1.feeCents }
            advice.append("\(withdrawals.count) agent withdrawals cost \(Money(cents: cost)): pay suppliers directly from M-PESA instead of withdrawing cash, or withdraw less often in larger amounts, since each withdrawal is charged.")
        }

        var metrics: [String: MetricValue] = [
            "fees_cents": .integer(fees),
            "outflow_cents": .integer(outflow),
            "fee_rate": .double(rate),
            "charged_transactions": .integer(Int64(charged.count)),
        ]
        for (kind, amount) in rankedKinds { metrics["fees_\(kind.rawValue)_cents"] = .integer(amount) }
        let costliest = rankedKinds.first.map { "\(kindLabel($0.key)) cost the most (\(Money(cents: $0.value)))." } ?? ""
        let evidenceRows = (smallSends + withdrawals + charged).sorted { feeCents(of: $0) != feeCents(of: $1) ? feeCents(of: $0) > feeCents(of: $1) : $0.id < $1.id }
        var seen: Set<String> = []
        let evidence = evidenceRows.map(\.id).filter { seen.insert($0).inserted }
        return Insight(
            kind: .feeLeakage,
            severity: rate >= warningRate ? .warning : .info,
            title: "You paid \(Money(cents: fees)) in M-PESA charges, \(RobustStatistics.percentOneDecimal(rate)) of the money you sent out",
            detail: ([costliest] + advice).filter { !$0.isEmpty }.joined(separator: " "),
            metrics: metrics,
            evidence: evidence
        )
    }

    private static func kindLabel(_ kind: TransactionKind) -> String {
        switch kind {
        case .sendMoney: "Send money"
        case .paybill: "Paybill payments"
        case .buyGoods: "Buy goods payments"
        case .agentWithdrawal: "Agent withdrawals"
        case .pochi: "Pochi la Biashara payments"
        case .fulizaDraw: "Fuliza access fees"
        case .charge: "Stand-alone charges"
        default: kind.rawValue.replacingOccurrences(of: "_", with: " ").capitalized
        }
    }
}
