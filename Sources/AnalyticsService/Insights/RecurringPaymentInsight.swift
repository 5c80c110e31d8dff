import MPesaCore

/// Turns each detected recurring payment (rent, salaries, subscriptions, a regular customer) into a reminder.
enum RecurringPaymentInsight {
    static func insight(for payment: RecurringPayment) -> Insight {
        let who = payment.counterpartyName ?? payment.counterpartyKey
        let what = payment.category.map { CategoryTable.label(for: $0).lowercased() }
        let cadence = payment.cadence == "biweekly" ? "every two weeks" : payment.cadence
        let amount = Money(cents: payment.typicalAmountCents)
        let title = payment.direction == .out
            ? "You pay \(who) about \(amount)\(what.map { " for \($0)" } ?? "") \(cadence); the next payment is due around \(payment.nextExpectedDay)"
            : "\(who) pays you about \(amount) \(cadence); the next payment is expected around \(payment.nextExpectedDay)"
        return Insight(
            kind: .recurringPayment,
            severity: .info,
            title: title,
            detail: "Seen \(payment.occurrences) times, most recently on \(payment.lastDay). "
                + (payment.direction == .out ? "Keep \(amount) aside before that date." : "Plan spending around it, but do not count on it before it arrives."),
            metrics: [
                "typical_amount_cents": .integer(payment.typicalAmountCents),
                "occurrences": .integer(Int64(payment.occurrences)),
            ],
            evidence: payment.evidence
        )
    }
}
