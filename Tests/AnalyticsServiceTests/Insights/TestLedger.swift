import Forecasting
import MPesaCore

@testable import AnalyticsService

/// Builds ledger rows for tests with readable defaults, numbering ids and receipts in the order rows are added.
struct TestLedger {
    private(set) var rows: [LedgerRow] = []

    /// Adds a row at noon (or `time`) of `date` and returns its id.
    @discardableResult
    mutating func add(
        _ date: String, _ direction: Direction, _ amountCents: Int64, fee: Int64 = 0, balance: Int64? = nil,
        kind: TransactionKind, category: String, counterparty: String? = nil, time: String = "12:00:00"
    ) -> String {
        let id = "row-\(rows.count + 1)"
        rows.append(LedgerRow(
            id: id,
            receipt: "R\(1_000_000 + rows.count)",
            localTime: LocalDateTime(parsing: "\(date) \(time)")!,
            direction: direction,
            amountCents: amountCents,
            feeCents: fee,
            balanceCents: balance,
            kind: kind,
            category: category,
            counterpartyKey: counterparty,
            counterpartyName: counterparty.map { "Name of \($0)" }
        ))
        return id
    }

    /// Rows in ledger order: local time, then receipt.
    var sorted: [LedgerRow] {
        rows.sorted { ($0.localTime, $0.receipt) < ($1.localTime, $1.receipt) }
    }
}

func day(_ text: String) -> CalendarDay { CalendarDay(parsing: text)! }

func range(_ first: String, _ last: String) -> DayRange { DayRange(first: first, last: last)! }

/// `days` after `start`, as `YYYY-MM-DD`.
func date(_ start: String, plus days: Int) -> String { day(start).adding(days: days).description }
