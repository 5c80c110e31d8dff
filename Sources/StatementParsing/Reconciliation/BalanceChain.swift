/// Puts a statement's rows in the order they happened and checks that each balance follows from the one
/// before (§4.8 of the formats reference).
///
/// Statements print newest first, but rows that share a completion second (a payment, its charge and its Fuliza
/// draw) appear in no consistent order. Within such a group the order is recovered from the balances themselves:
/// starting from the balance before the group, the next row is the one whose printed balance equals that balance
/// plus its own amount. A row no ordering can explain is a break: a sign that an amount or a balance was edited.
public struct BalanceChain: Sendable, Equatable {
    /// Indices into the rows, oldest first. Rows that are not completed or print no balance are left out.
    public var chronological: [Int]
    /// The balance before the oldest row, derived (personal statements do not print it).
    public var openingCents: Int64?
    public var closingCents: Int64?
    public var breaks: [Break]

    /// A row whose printed balance does not follow from the previous balance and its amount.
    public struct Break: Sendable, Equatable {
        public var rowIndex: Int
        public var expectedCents: Int64
        public var printedCents: Int64
    }

    public init(rows: [StatementRow]) {
        let candidates = rows.indices.filter { rows[$0].status == .completed && rows[$0].balance != nil }
        guard !candidates.isEmpty else {
            self.chronological = []
            self.openingCents = nil
            self.closingCents = nil
            self.breaks = []
            return
        }
        // Newest-first files list ties in reverse; start from the reversed file order so ties keep a natural guess.
        let newestFirst = rows[candidates.first!].completedAt >= rows[candidates.last!].completedAt
        let guess = newestFirst ? Array(candidates.reversed()) : candidates
        let ordinals = rows.map(\.completedAt.ordinal)
        let sorted = guess.enumerated().sorted { lhs, rhs in
            let (a, b) = (ordinals[lhs.element], ordinals[rhs.element])
            return a == b ? lhs.offset < rhs.offset : a < b
        }.map(\.element)

        var order: [Int] = []
        order.reserveCapacity(sorted.count)
        var breaks: [Break] = []
        var balance: Int64?
        var opening: Int64?
        var start = 0
        while start < sorted.count {
            var end = start + 1
            while end < sorted.count, ordinals[sorted[end]] == ordinals[sorted[start]] { end += 1 }
            var pending = Array(sorted[start..<end])
            if balance == nil {
                // The oldest group decides the opening balance: the row that can come first is the one whose
                // balance minus its amount leads through the whole group.
                let first = Self.firstOfOpeningGroup(pending, rows: rows)
                balance = rows[first].balance!.cents - rows[first].netCents
                opening = balance
            }
            while !pending.isEmpty {
                let current = balance!
                if let next = pending.firstIndex(where: { rows[$0].balance!.cents == current &+ rows[$0].netCents }) {
                    let row = pending.remove(at: next)
                    order.append(row)
                    balance = rows[row].balance!.cents
                } else {
                    let row = pending.removeFirst()
                    order.append(row)
                    breaks.append(Break(rowIndex: row, expectedCents: current &+ rows[row].netCents, printedCents: rows[row].balance!.cents))
                    balance = rows[row].balance!.cents
                }
            }
            start = end
        }
        self.chronological = order
        self.openingCents = opening
        self.closingCents = balance
        self.breaks = breaks
    }

    /// In the oldest same-second group, the row to start from: one from which every other row of the group
    /// chains; the first row of the guess when none does.
    private static func firstOfOpeningGroup(_ group: [Int], rows: [StatementRow]) -> Int {
        guard group.count > 1 else { return group[0] }
        for candidate in group {
            var remaining = group.filter { $0 != candidate }
            var balance = rows[candidate].balance!.cents
            var chained = true
            while !remaining.isEmpty {
                guard let next = remaining.firstIndex(where: { rows[$0].balance!.cents == balance &+ rows[$0].netCents }) else {
                    chained = false
                    break
                }
                balance = rows[remaining.remove(at: next)].balance!.cents
            }
            if chained { return candidate }
        }
        return group[0]
    }
}
