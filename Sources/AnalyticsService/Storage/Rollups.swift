import SQLKit

/// Keeps the totals tables equal to what the ledger says, for the days (and months) a change touched.
///
/// Every writer of `analytics_transactions` calls ``refresh(tenant:firstDay:lastDay:on:)`` in the same transaction,
/// so a reader never sees totals that disagree with the rows: recomputing a span from the rows (instead of adding
/// and subtracting deltas) cannot drift, whatever mix of inserts, deletions and recategorisations happened. Only completed transactions count:
/// a failed or pending row moved no money.
enum Rollups {
    /// Recomputes the totals of scattered days (a bulk recategorisation): day by day when they are few, so a
    /// correction in 2024 and one in 2026 do not recompute the two years between them.
    static func refresh(tenant: String, days: Set<String>, on db: any SQLDatabase) async throws {
        guard let first = days.min(), let last = days.max() else { return }
        guard days.count <= 60 else { return try await refresh(tenant: tenant, firstDay: first, lastDay: last, on: db) }
        for day in days.sorted() { try await refresh(tenant: tenant, firstDay: day, lastDay: day, on: db) }
    }

    /// Recomputes the totals of the local days `firstDay…lastDay` (`YYYY-MM-DD`) and of the months they fall in.
    static func refresh(tenant: String, firstDay: String, lastDay: String, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM analytics_daily_totals WHERE tenant_id = \(bind: tenant) AND local_day BETWEEN \(bind: firstDay) AND \(bind: lastDay)").run()
        try await db.raw(
            """
            INSERT INTO analytics_daily_totals (tenant_id, local_day, category, kind, direction, amount_cents, fee_cents, tx_count)
            SELECT tenant_id, local_day, category, kind, direction, SUM(amount_cents), SUM(fee_cents), COUNT(*)
            FROM analytics_transactions
            WHERE tenant_id = \(bind: tenant) AND local_day BETWEEN \(bind: firstDay) AND \(bind: lastDay) AND status = 'completed'
            GROUP BY tenant_id, local_day, category, kind, direction
            """
        ).run()
        try await db.raw("DELETE FROM analytics_hourly_counts WHERE tenant_id = \(bind: tenant) AND local_day BETWEEN \(bind: firstDay) AND \(bind: lastDay)").run()
        try await db.raw(
            """
            INSERT INTO analytics_hourly_counts (tenant_id, local_day, local_hour, direction, amount_cents, tx_count)
            SELECT tenant_id, local_day, CAST(SUBSTR(local_time, 12, 2) AS INTEGER), direction, SUM(amount_cents), COUNT(*)
            FROM analytics_transactions
            WHERE tenant_id = \(bind: tenant) AND local_day BETWEEN \(bind: firstDay) AND \(bind: lastDay) AND status = 'completed'
            GROUP BY tenant_id, local_day, CAST(SUBSTR(local_time, 12, 2) AS INTEGER), direction
            """
        ).run()
        let firstMonth = String(firstDay.prefix(7))
        let lastMonth = String(lastDay.prefix(7))
        let monthStart = firstMonth + "-01"
        let monthEnd = lastMonth + "-31"
        try await db.raw("DELETE FROM analytics_monthly_totals WHERE tenant_id = \(bind: tenant) AND local_month BETWEEN \(bind: firstMonth) AND \(bind: lastMonth)").run()
        try await db.raw(
            """
            INSERT INTO analytics_monthly_totals (tenant_id, local_month, category, kind, direction, amount_cents, fee_cents, tx_count)
            SELECT tenant_id, SUBSTR(local_day, 1, 7), category, kind, direction, SUM(amount_cents), SUM(fee_cents), SUM(tx_count)
            FROM analytics_daily_totals
            WHERE tenant_id = \(bind: tenant) AND local_day BETWEEN \(bind: monthStart) AND \(bind: monthEnd)
            GROUP BY tenant_id, SUBSTR(local_day, 1, 7), category, kind, direction
            """
        ).run()
        let touchedBefore = try await counterpartyKeys(tenant: tenant, firstMonth: firstMonth, lastMonth: lastMonth, on: db)
        try await db.raw(
            "DELETE FROM analytics_monthly_counterparties WHERE tenant_id = \(bind: tenant) AND local_month BETWEEN \(bind: firstMonth) AND \(bind: lastMonth)"
        ).run()
        try await db.raw(
            """
            INSERT INTO analytics_monthly_counterparties (tenant_id, local_month, counterparty_key, direction, counterparty_name, amount_cents, tx_count)
            SELECT tenant_id, SUBSTR(local_day, 1, 7), counterparty_key, direction, MAX(counterparty_name), SUM(amount_cents), COUNT(*)
            FROM analytics_transactions
            WHERE tenant_id = \(bind: tenant) AND local_day BETWEEN \(bind: monthStart) AND \(bind: monthEnd) AND counterparty_key IS NOT NULL AND status = 'completed'
            GROUP BY tenant_id, SUBSTR(local_day, 1, 7), counterparty_key, direction
            """
        ).run()
        let touched = touchedBefore.union(try await counterpartyKeys(tenant: tenant, firstMonth: firstMonth, lastMonth: lastMonth, on: db))
        try await refreshCounterpartyTotals(tenant: tenant, keys: touched, on: db)
    }

    private static func counterpartyKeys(tenant: String, firstMonth: String, lastMonth: String, on db: any SQLDatabase) async throws -> Set<String> {
        Set(
            try await db.raw(
                """
                SELECT DISTINCT counterparty_key FROM analytics_monthly_counterparties
                WHERE tenant_id = \(bind: tenant) AND local_month BETWEEN \(bind: firstMonth) AND \(bind: lastMonth)
                """
            ).all().map { try $0.decode(column: "counterparty_key", as: String.self) }
        )
    }

    /// Recomputes the whole-ledger totals of the counterparties a change touched, and moves the per-direction counts
    /// by the difference those counterparties made (recounting a million counterparties on every upload cost a second).
    private static func refreshCounterpartyTotals(tenant: String, keys: Set<String>, on db: any SQLDatabase) async throws {
        guard !keys.isEmpty else { return }
        let sorted = keys.sorted()
        var delta: [String: (counterparties: Int64, repeats: Int64, amount: Int64)] = [:]
        func add(_ list: SQLQueryString, sign: Int64) async throws {
            let rows = try await db.raw(
                """
                SELECT direction, COUNT(*) AS counterparties, COALESCE(SUM(CASE WHEN months >= 2 THEN 1 ELSE 0 END), 0) AS repeats,
                       CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT) AS amount_cents
                FROM analytics_counterparty_totals
                WHERE tenant_id = \(bind: tenant) AND counterparty_key IN (\(list)) AND counterparty_key NOT LIKE 'internal%'
                GROUP BY direction
                """
            ).all()
            for row in rows {
                let direction = try row.decode(column: "direction", as: String.self)
                var current = delta[direction] ?? (0, 0, 0)
                current.counterparties += sign * (try row.decode(column: "counterparties", as: Int64.self))
                current.repeats += sign * (try row.decode(column: "repeats", as: Int64.self))
                current.amount += sign * (try row.decode(column: "amount_cents", as: Int64.self))
                delta[direction] = current
            }
        }
        for start in stride(from: 0, to: sorted.count, by: 500) {
            let list = sorted[start..<min(start + 500, sorted.count)].map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")
            try await add(list, sign: -1)
            try await db.raw("DELETE FROM analytics_counterparty_totals WHERE tenant_id = \(bind: tenant) AND counterparty_key IN (\(list))").run()
            try await db.raw(
                """
                INSERT INTO analytics_counterparty_totals
                    (tenant_id, counterparty_key, direction, counterparty_name, amount_cents, tx_count, months, first_month, last_month)
                SELECT tenant_id, counterparty_key, direction, MAX(counterparty_name), SUM(amount_cents), SUM(tx_count), COUNT(*), MIN(local_month), MAX(local_month)
                FROM analytics_monthly_counterparties
                WHERE tenant_id = \(bind: tenant) AND counterparty_key IN (\(list))
                GROUP BY tenant_id, counterparty_key, direction
                """
            ).run()
            try await add(list, sign: 1)
        }
        for (direction, change) in delta where change != (0, 0, 0) {
            try await db.raw(
                """
                INSERT INTO analytics_counterparty_counts (tenant_id, direction, counterparties, repeat_counterparties, amount_cents)
                VALUES (\(bind: tenant), \(bind: direction), \(bind: change.counterparties), \(bind: change.repeats), \(bind: change.amount))
                ON CONFLICT (tenant_id, direction) DO UPDATE SET
                    counterparties = analytics_counterparty_counts.counterparties + excluded.counterparties,
                    repeat_counterparties = analytics_counterparty_counts.repeat_counterparties + excluded.repeat_counterparties,
                    amount_cents = analytics_counterparty_counts.amount_cents + excluded.amount_cents
                """
            ).run()
        }
    }
}
