/// Puts transactions of the same second in the order their printed balances chain.
///
/// M-PESA prints times to the second, and a payment, the Fuliza draw that funded it and its charge often share one;
/// sorting by time then receipt leaves them in an arbitrary order, and a report would then read the month's closing
/// balance off the wrong row. Within each group of equal times, the row whose balance before it (balance − net) is no
/// other row's balance after it comes first, and each next row starts from the previous row's balance. A group that
/// does not chain (balances not printed, or not consistent) keeps its order.
enum BalanceChainOrder {
    static func ordered(_ rows: [LedgerRow]) -> [LedgerRow] {
        var result: [LedgerRow] = []
        result.reserveCapacity(rows.count)
        var start = 0
        while start < rows.count {
            var end = start + 1
            while end < rows.count, rows[end].localTime == rows[start].localTime { end += 1 }
            let group = Array(rows[start..<end])
            result += group.count > 1 ? chained(group) ?? group : group
            start = end
        }
        return result
    }

    private static func chained(_ group: [LedgerRow]) -> [LedgerRow]? {
        guard group.allSatisfy({ $0.balanceCents != nil }) else { return nil }
        let after = group.map { $0.balanceCents! }
        let before = group.map { $0.balanceCents! - $0.netCents }
        guard let first = group.indices.first(where: { index in !after.enumerated().contains { $0.offset != index && $0.element == before[index] } }) else { return nil }
        var order = [first]
        var used: Set<Int> = [first]
        while order.count < group.count {
            let current = after[order.last!]
            guard let next = group.indices.first(where: { !used.contains($0) && before[$0] == current }) else { return nil }
            order.append(next)
            used.insert(next)
        }
        return order.map { group[$0] }
    }
}
