import Forecasting
/// Reconstructs which days a tenant was in Fuliza overdraft from draws and repayments.
///
/// The wallet balance M-PESA prints never goes below zero while Fuliza covers a shortfall, so overdraft has to be
/// derived from the flows: the amount outstanding grows with each draw and shrinks with each repayment (repayments also
/// carry interest, so the outstanding amount is floored at zero). A day counts when something is still owed at its end.
enum FulizaOverdraft {
    static func overdraftDays(rows: [LedgerRow], in range: DayRange) -> Set<CalendarDay> {
        var movementsByDay: [CalendarDay: Int64] = [:]
        for row in rows {
            if LedgerFlow.isFulizaDraw(row) {
                movementsByDay[CalendarDay(row.localTime), default: 0] += row.amountCents
            } else if LedgerFlow.isFulizaRepayment(row) {
                movementsByDay[CalendarDay(row.localTime), default: 0] -= row.amountCents
            }
        }
        guard !movementsByDay.isEmpty else { return [] }
        var outstanding: Int64 = 0
        var days: Set<CalendarDay> = []
        for day in range.days {
            outstanding = max(0, outstanding + (movementsByDay[day] ?? 0))
            if outstanding > 0 { days.insert(day) }
        }
        return days
    }
}
