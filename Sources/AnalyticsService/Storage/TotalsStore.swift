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
    /// Distinct months with at least one transaction.
    var months: Int
}

/// Reads the totals tables (``Rollups`` keeps them equal to the ledger), grouping in SQL so an answer over a million
/// transactions reads hundreds of rows, not the tens of thousands of the daily table.
enum TotalsStore {
    /// Which columns a totals query keeps; the others are summed over (and come back as "").
    struct Grouping: Sendable {
        var byMonth: Bool
        var category: Bool
        var kind: Bool
    }

    /// Totals of `first…last` grouped by day (or month: `local_day` is then the month's first day), direction and
    /// the columns `grouping` keeps.
    static func totals(tenant: String, first: String, last: String, grouping: Grouping, on db: any SQLDatabase) async throws -> [DailyTotal] {
        let day: SQLQueryString = grouping.byMonth ? "SUBSTR(local_day, 1, 7) || '-01'" : "local_day"
        var source: SQLQueryString = "SELECT local_day, category, kind, direction, amount_cents, fee_cents, tx_count FROM analytics_daily_totals WHERE tenant_id = \(bind: tenant) AND local_day BETWEEN \(bind: first) AND \(bind: last)"
        if grouping.byMonth, let firstDay = LocalDateTime(parsing: first), let lastDay = LocalDateTime(parsing: last) {
            // Whole months from the monthly table, the ragged ends from the daily one.
            let window = AnalysisWindow(first: firstDay, last: lastDay, granularity: .month)
            let months = window.fullMonths
            if let firstMonth = months.first, let lastMonth = months.last {
                var parts: [SQLQueryString] = [
                    """
                    SELECT local_month || '-01' AS local_day, category, kind, direction, amount_cents, fee_cents, tx_count FROM analytics_monthly_totals
                    WHERE tenant_id = \(bind: tenant) AND local_month BETWEEN \(bind: firstMonth) AND \(bind: lastMonth)
                    """,
                ]
                for (edgeFirst, edgeLast) in window.partialMonthEdges {
                    parts.append(
                        """
                        SELECT local_day, category, kind, direction, amount_cents, fee_cents, tx_count FROM analytics_daily_totals
                        WHERE tenant_id = \(bind: tenant) AND local_day BETWEEN \(bind: edgeFirst) AND \(bind: edgeLast)
                        """
                    )
                }
                source = parts.joined(separator: " UNION ALL ")
            }
        }
        let category: SQLQueryString = grouping.category ? "category" : "''"
        let kind: SQLQueryString = grouping.kind ? "kind" : "''"
        // PostgreSQL refuses constants in GROUP BY, so only the kept columns are listed.
        var groupBy: [SQLQueryString] = [day, "direction"]
        if grouping.category { groupBy.append("category") }
        if grouping.kind { groupBy.append("kind") }
        return try await db.raw(
            """
            SELECT \(day) AS local_day, \(category) AS category, \(kind) AS kind, direction,
                   CAST(SUM(amount_cents) AS BIGINT) AS amount_cents, CAST(SUM(fee_cents) AS BIGINT) AS fee_cents, CAST(SUM(tx_count) AS BIGINT) AS tx_count
            FROM (\(source)) AS totals_in_window
            GROUP BY \(groupBy.joined(separator: ", "))
            """
        ).all(decoding: DailyTotal.self)
    }

    /// Days with at least one completed transaction.
    static func activeDays(tenant: String, first: String, last: String, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            "SELECT COUNT(DISTINCT local_day) AS n FROM analytics_daily_totals WHERE tenant_id = \(bind: tenant) AND local_day BETWEEN \(bind: first) AND \(bind: last)"
        ).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Every transaction with a counterparty in `window` and `direction`, one row per counterparty and month: whole
    /// months from the monthly table, the ragged ends from the ledger (exact for any pair of days).
    static func counterpartyRows(tenant: String, window: AnalysisWindow, direction: Direction) -> SQLQueryString {
        var parts: [SQLQueryString] = []
        let months = window.fullMonths
        if let firstMonth = months.first, let lastMonth = months.last {
            parts.append(
                """
                SELECT counterparty_key, counterparty_name, amount_cents, tx_count, local_month FROM analytics_monthly_counterparties
                WHERE tenant_id = \(bind: tenant) AND direction = \(bind: direction.rawValue) AND local_month BETWEEN \(bind: firstMonth) AND \(bind: lastMonth)
                  AND counterparty_key NOT LIKE 'internal%'
                """
            )
        }
        for (first, last) in window.partialMonthEdges {
            parts.append(
                """
                SELECT counterparty_key, counterparty_name, amount_cents, 1 AS tx_count, SUBSTR(local_day, 1, 7) AS local_month FROM analytics_transactions
                WHERE tenant_id = \(bind: tenant) AND direction = \(bind: direction.rawValue) AND local_day BETWEEN \(bind: first) AND \(bind: last)
                  AND counterparty_key IS NOT NULL AND counterparty_key NOT LIKE 'internal%' AND status = 'completed'
                """
            )
        }
        return parts.joined(separator: " UNION ALL ")
    }

    /// The largest counterparties of one direction, with the direction's total and how many counterparties it has.
    static func topCounterparties(tenant: String, window: AnalysisWindow, direction: Direction, limit: Int, on db: any SQLDatabase) async throws -> (top: [CounterpartyTotal], totalCents: Int64, counterparties: Int) {
        let source = counterpartyRows(tenant: tenant, window: window, direction: direction)
        let rows = try await db.raw(
            """
            SELECT counterparty_key, MAX(counterparty_name) AS counterparty_name, CAST(SUM(amount_cents) AS BIGINT) AS amount_cents,
                   CAST(SUM(tx_count) AS BIGINT) AS tx_count, COUNT(DISTINCT local_month) AS months
            FROM (\(source)) AS rows_in_window
            GROUP BY counterparty_key ORDER BY SUM(amount_cents) DESC, counterparty_key LIMIT \(unsafeRaw: String(limit))
            """
        ).all()
        let top = try rows.map { row in
            CounterpartyTotal(
                key: try row.decode(column: "counterparty_key", as: String.self), name: try row.decode(column: "counterparty_name", as: String?.self), direction: direction,
                amountCents: try row.decode(column: "amount_cents", as: Int64.self), count: try row.decode(column: "tx_count", as: Int64.self),
                months: try row.decode(column: "months", as: Int.self)
            )
        }
        let totals = try await db.raw(
            """
            SELECT CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT) AS amount_cents, COUNT(DISTINCT counterparty_key) AS counterparties FROM (\(source)) AS rows_in_window
            """
        ).first()
        return (top, try totals?.decode(column: "amount_cents", as: Int64.self) ?? 0, try totals?.decode(column: "counterparties", as: Int.self) ?? 0)
    }

    /// The whole ledger's largest counterparties of one direction, read in rank order from the whole-ledger table.
    static func topCounterpartiesOfLedger(tenant: String, direction: Direction, limit: Int, on db: any SQLDatabase) async throws -> (top: [CounterpartyTotal], totalCents: Int64, counterparties: Int) {
        let rows = try await db.raw(
            """
            SELECT counterparty_key, counterparty_name, amount_cents, tx_count, months FROM analytics_counterparty_totals
            WHERE tenant_id = \(bind: tenant) AND direction = \(bind: direction.rawValue) AND counterparty_key NOT LIKE 'internal%'
            ORDER BY amount_cents DESC, counterparty_key LIMIT \(unsafeRaw: String(limit))
            """
        ).all()
        let top = try rows.map { row in
            CounterpartyTotal(
                key: try row.decode(column: "counterparty_key", as: String.self), name: try row.decode(column: "counterparty_name", as: String?.self), direction: direction,
                amountCents: try row.decode(column: "amount_cents", as: Int64.self), count: try row.decode(column: "tx_count", as: Int64.self),
                months: try row.decode(column: "months", as: Int.self)
            )
        }
        let counts = try await db.raw(
            "SELECT counterparties, amount_cents FROM analytics_counterparty_counts WHERE tenant_id = \(bind: tenant) AND direction = \(bind: direction.rawValue)"
        ).first()
        return (top, try counts?.decode(column: "amount_cents", as: Int64.self) ?? 0, try counts?.decode(column: "counterparties", as: Int.self) ?? 0)
    }

    /// Payers and repeat payers of the whole ledger from the counts table; retention from the last two months.
    static func customersOfLedger(tenant: String, window: AnalysisWindow, on db: any SQLDatabase) async throws -> LedgerFigures.Customers {
        let counts = try await db.raw(
            "SELECT counterparties, repeat_counterparties FROM analytics_counterparty_counts WHERE tenant_id = \(bind: tenant) AND direction = 'in'"
        ).first()
        var customers = LedgerFigures.Customers(
            payers: try counts?.decode(column: "counterparties", as: Int.self) ?? 0, repeatPayers: try counts?.decode(column: "repeat_counterparties", as: Int.self) ?? 0
        )
        customers.repeatShareBp = LedgerFigures.share(Int64(customers.repeatPayers), of: Int64(customers.payers))
        let months = window.fullMonths
        if months.count >= 2 {
            let row = try await db.raw(
                """
                SELECT COUNT(*) AS previous_payers, COALESCE(SUM(CASE WHEN later.counterparty_key IS NULL THEN 0 ELSE 1 END), 0) AS retained
                FROM analytics_monthly_counterparties earlier
                LEFT JOIN analytics_monthly_counterparties later
                  ON later.tenant_id = earlier.tenant_id AND later.local_month = \(bind: months[months.count - 1])
                 AND later.counterparty_key = earlier.counterparty_key AND later.direction = earlier.direction
                WHERE earlier.tenant_id = \(bind: tenant) AND earlier.local_month = \(bind: months[months.count - 2]) AND earlier.direction = 'in'
                  AND earlier.counterparty_key NOT LIKE 'internal%'
                """
            ).first()
            customers.retentionBp = LedgerFigures.share(try row?.decode(column: "retained", as: Int64.self) ?? 0, of: try row?.decode(column: "previous_payers", as: Int64.self) ?? 0)
        }
        return customers
    }

    /// What each of `keys` moved in `window` (the previous period of a top list, for its trend).
    static func amounts(tenant: String, window: AnalysisWindow, direction: Direction, keys: [String], on db: any SQLDatabase) async throws -> [String: Int64] {
        guard !keys.isEmpty else { return [:] }
        let list = keys.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")
        let rows = try await db.raw(
            """
            SELECT counterparty_key, CAST(SUM(amount_cents) AS BIGINT) AS amount_cents FROM (\(counterpartyRows(tenant: tenant, window: window, direction: direction))) AS rows_in_window
            WHERE counterparty_key IN (\(list)) GROUP BY counterparty_key
            """
        ).all()
        var amounts: [String: Int64] = [:]
        for row in rows { amounts[try row.decode(column: "counterparty_key", as: String.self)] = try row.decode(column: "amount_cents", as: Int64.self) }
        return amounts
    }

    /// Payers, repeat payers (≥ 2 months) and the previous month's payers who paid again in the last month.
    static func customers(tenant: String, window: AnalysisWindow, on db: any SQLDatabase) async throws -> LedgerFigures.Customers {
        let source = counterpartyRows(tenant: tenant, window: window, direction: .in)
        let months = window.fullMonths
        let last = months.last ?? ""
        let previous = months.count >= 2 ? months[months.count - 2] : ""
        let row = try await db.raw(
            """
            SELECT COUNT(*) AS payers, COALESCE(SUM(CASE WHEN months >= 2 THEN 1 ELSE 0 END), 0) AS repeat_payers,
                   COALESCE(SUM(paid_previous), 0) AS previous_payers, COALESCE(SUM(paid_previous * paid_last), 0) AS retained
            FROM (
                SELECT counterparty_key, COUNT(DISTINCT local_month) AS months,
                       MAX(CASE WHEN local_month = \(bind: previous) THEN 1 ELSE 0 END) AS paid_previous,
                       MAX(CASE WHEN local_month = \(bind: last) THEN 1 ELSE 0 END) AS paid_last
                FROM (\(source)) AS rows_in_window
                GROUP BY counterparty_key
            ) AS payers
            """
        ).first()
        guard let row else { return LedgerFigures.Customers() }
        var customers = LedgerFigures.Customers(payers: try row.decode(column: "payers", as: Int.self), repeatPayers: try row.decode(column: "repeat_payers", as: Int.self))
        customers.repeatShareBp = LedgerFigures.share(Int64(customers.repeatPayers), of: Int64(customers.payers))
        if months.count >= 2 {
            customers.retentionBp = LedgerFigures.share(try row.decode(column: "retained", as: Int64.self), of: try row.decode(column: "previous_payers", as: Int64.self))
        }
        return customers
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
