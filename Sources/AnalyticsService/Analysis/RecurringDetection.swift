import Forecasting
import MPesaCore

/// Finds the organisation's recurring payments (rent, salaries, subscriptions, loan repayments) in its ledger: per
/// counterparty, the Forecasting library's detector decides whether the dates and amounts keep a cadence.
/// Insights announce them; the forecast adds their next occurrences as known flows.
enum RecurringDetection {
    struct Found: Sendable {
        var payment: RecurringPayment
        var flow: RecurringFlow
        /// Every past occurrence as a signed flow (outflows negative), so the forecast can take them out of the history.
        var history: [KnownFlow]
    }

    static func detect(_ rows: [LedgerRow]) -> [Found] {
        var groups: [String: [LedgerRow]] = [:]
        for row in rows where !LedgerKinds.financing.contains(row.kind) || row.kind == .loanRepayment {
            guard let key = row.counterpartyKey else { continue }
            groups[row.direction.rawValue + "|" + key, default: []].append(row)
        }
        let detector = RecurringFlowDetector()
        var found: [Found] = []
        for (_, group) in groups where group.count >= 3 {
            let sign: Int64 = group[0].direction == .in ? 1 : -1
            let dated = group.map { DatedAmount(day: CalendarDay(daysSinceEpoch: $0.localTime.dayNumber), amount: $0.amountCents) }
            guard let flow = detector.detect(dated) else { continue }
            let first = group[0]
            let name = group.last?.counterpartyName ?? first.counterpartyName
            let category = Dictionary(grouping: group, by: \.category).max { $0.value.count < $1.value.count }?.key
            let payment = RecurringPayment(
                counterpartyKey: first.counterpartyKey ?? "", counterpartyName: name, cadence: flow.cadence.rawValue, typicalAmountCents: flow.typicalAmount,
                direction: first.direction, lastDay: iso(flow.lastDay), nextExpectedDay: iso(flow.nextExpectedDay), occurrences: flow.occurrences,
                category: category, evidence: group.suffix(20).reversed().map(\.id)
            )
            let history = group.map { KnownFlow(day: CalendarDay(daysSinceEpoch: $0.localTime.dayNumber), amount: sign * $0.amountCents, label: name ?? "recurring") }
            found.append(Found(payment: payment, flow: flow, history: history))
        }
        return found.sorted { $0.flow.typicalAmount > $1.flow.typicalAmount }
    }

    static func iso(_ day: CalendarDay) -> String { LocalDateTime(dayNumber: day.daysSinceEpoch).date }
}
