import MPesaCore
import SQLKit

/// One row of the daily totals: what moved on a local day, by category, kind and direction.
struct DailyTotal: Sendable, Decodable, Equatable {
    let local_day: String
    let category: String
    let kind: String
    let direction: String
    let amount_cents: Int64
    let fee_cents: Int64
    let tx_count: Int64
}

/// Money to or from one counterparty within a window.
struct CounterpartyTotal: Sendable, Equatable {
    var key: String
    var name: String?
    var direction: Direction
    var amountCents: Int64
    var count: Int64
    /// Distinct months with at least one transaction (retention: repeat payers).
    var months: Set<String>
}

/// Reads the totals tables (``Rollups`` keeps them equal to the ledger).
enum TotalsStore {
    static func daily(tenant: String, first: String, last: String, on db: any SQLDatabase) async throws -> [DailyTotal] {
        try await db.raw(
            """
            SELECT local_day, category, kind, direction, amount_cents, fee_cents, tx_count FROM analytics_daily_totals
            WHERE tenant_id = \(bind: tenant) AND local_day BETWEEN \(bind: first) AND \(bind: last)
            """
        ).all(decoding: DailyTotal.self)
    }

    /// Totals per counterparty over `window`: whole months come from the monthly table, the partial months at either
    /// end from the ledger rows of those days (so the answer is exact for any pair of days, and cheap for long spans).
    static func counterparties(tenant: String, window: AnalysisWindow, on db: any SQLDatabase) async throws -> [String: CounterpartyTotal] {
        var totals: [String: CounterpartyTotal] = [:]
        func add(key: String, name: String?, direction: String, month: String, amount: Int64, count: Int64) {
            guard let direction = Direction(rawValue: direction) else { return }
            let id = direction.rawValue + "|" + key
            var total = totals[id] ?? CounterpartyTotal(key: key, name: name, direction: direction, amountCents: 0, count: 0, months: [])
            total.amountCents += amount
            total.count += count
            total.months.insert(month)
            if total.name == nil { total.name = name }
            totals[id] = total
        }
        let months = window.fullMonths
        if let firstMonth = months.first, let lastMonth = months.last {
            let rows = try await db.raw(
                """
                SELECT local_month, counterparty_key, direction, counterparty_name, amount_cents, tx_count FROM analytics_monthly_counterparties
                WHERE tenant_id = \(bind: tenant) AND local_month BETWEEN \(bind: firstMonth) AND \(bind: lastMonth)
                """
            ).all()
            for row in rows {
                add(
                    key: try row.decode(column: "counterparty_key", as: String.self), name: try row.decode(column: "counterparty_name", as: String?.self),
                    direction: try row.decode(column: "direction", as: String.self), month: try row.decode(column: "local_month", as: String.self),
                    amount: try row.decode(column: "amount_cents", as: Int64.self), count: try row.decode(column: "tx_count", as: Int64.self)
                )
            }
        }
        for (first, last) in window.partialMonthEdges {
            let rows = try await db.raw(
                """
                SELECT SUBSTR(local_day, 1, 7) AS local_month, counterparty_key, direction, MAX(counterparty_name) AS counterparty_name,
                       CAST(SUM(amount_cents) AS BIGINT) AS amount_cents, CAST(COUNT(*) AS BIGINT) AS tx_count
                FROM analytics_transactions
                WHERE tenant_id = \(bind: tenant) AND local_day BETWEEN \(bind: first) AND \(bind: last) AND counterparty_key IS NOT NULL AND status = 'completed'
                GROUP BY SUBSTR(local_day, 1, 7), counterparty_key, direction
                """
            ).all()
            for row in rows {
                add(
                    key: try row.decode(column: "counterparty_key", as: String.self), name: try row.decode(column: "counterparty_name", as: String?.self),
                    direction: try row.decode(column: "direction", as: String.self), month: try row.decode(column: "local_month", as: String.self),
                    amount: try row.decode(column: "amount_cents", as: Int64.self), count: try row.decode(column: "tx_count", as: Int64.self)
                )
            }
        }
        return totals
    }

    /// Transaction counts and amounts by local day and hour (the hour-of-week heatmap folds days into weekdays).
    static func hourly(tenant: String, first: String, last: String, on db: any SQLDatabase) async throws -> [(day: String, hour: Int, direction: String, amount: Int64, count: Int64)] {
        try await db.raw(
            """
            SELECT local_day, local_hour, direction, amount_cents, tx_count FROM analytics_hourly_counts
            WHERE tenant_id = \(bind: tenant) AND local_day BETWEEN \(bind: first) AND \(bind: last)
            """
        ).all().map {
            (
                try $0.decode(column: "local_day", as: String.self), try $0.decode(column: "local_hour", as: Int.self), try $0.decode(column: "direction", as: String.self),
                try $0.decode(column: "amount_cents", as: Int64.self), try $0.decode(column: "tx_count", as: Int64.self)
            )
        }
    }

    /// Fuliza rows of the window and the days before it back to `lookback` (overdraft days need the running debt).
    static func fuliza(tenant: String, first: String, last: String, on db: any SQLDatabase) async throws -> [LedgerRow] {
        try await db.raw(
            """
            SELECT \(unsafeRaw: TransactionRecord.columns) FROM analytics_transactions
            WHERE tenant_id = \(bind: tenant) AND local_day BETWEEN \(bind: first) AND \(bind: last) AND status = 'completed'
              AND kind IN ('fuliza_draw', 'fuliza_repayment')
            ORDER BY completed_at, sequence, id
            """
        ).all(decoding: TransactionRecord.self).compactMap(\.ledgerRow)
    }
}

extension AnalysisWindow {
    /// The calendar months wholly inside the window (`YYYY-MM`).
    var fullMonths: [String] {
        var months: [String] = []
        var start = Granularity.month.start(of: first.dayNumber)
        if start < first.dayNumber { start = Granularity.month.end(of: start) + 1 }
        while Granularity.month.end(of: start) <= last.dayNumber {
            months.append(Granularity.month.key(of: start))
            start = Granularity.month.end(of: start) + 1
        }
        return months
    }

    /// The day spans of the window outside ``fullMonths`` (at most two: the ragged start and end).
    var partialMonthEdges: [(String, String)] {
        let months = fullMonths
        guard let firstMonth = months.first, let lastMonth = months.last,
            let monthStart = LocalDateTime(parsing: firstMonth + "-01"), let lastStart = LocalDateTime(parsing: lastMonth + "-01")
        else { return [(firstDay, lastDay)] }
        var edges: [(String, String)] = []
        if first.dayNumber < monthStart.dayNumber { edges.append((firstDay, LocalDateTime(dayNumber: monthStart.dayNumber - 1).date)) }
        let monthEnd = Granularity.month.end(of: lastStart.dayNumber)
        if monthEnd < last.dayNumber { edges.append((LocalDateTime(dayNumber: monthEnd + 1).date, lastDay)) }
        return edges
    }
}
