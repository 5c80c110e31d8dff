import MPesaCore

/// Turns rows as printed into normalised transactions (§6 step 5 of the formats reference).
///
/// Rows are grouped by receipt across the whole statement (a group can straddle a page break). In each group,
/// charge rows are folded onto their parent as `fee_cents`, Fuliza overdraft credits become `fuliza_draw`
/// transactions of their own, and every other completed row is a transaction. Identities are the receipt plus
/// the leg (`main`, `overdraft`, `charge`, numbered when a receipt has several of one kind), assigned in
/// chronological order so the same rows always yield the same identities.
public enum StatementNormalizer {
    public static func transactions(from rows: [StatementRow], chain: BalanceChain? = nil) -> [ParsedTransaction] {
        let chain = chain ?? BalanceChain(rows: rows)
        // Chronological rank of every row; rows outside the chain (no balance) keep their file order after them.
        var rank = [Int](repeating: Int.max, count: rows.count)
        for (position, index) in chain.chronological.enumerated() { rank[index] = position }
        let newestFirst = rows.count > 1 && rows.first!.completedAt > rows.last!.completedAt
        let ordinals = rows.map(\.completedAt.ordinal)
        func chronologicalKey(_ index: Int) -> (Int64, Int, Int) {
            (ordinals[index], rank[index], newestFirst ? -index : index)
        }

        var groups: [String: [Int]] = [:]
        var receiptsInOrder: [String] = []
        for index in rows.indices where rows[index].status == .completed {
            let receipt = rows[index].receipt
            if groups[receipt] == nil { receiptsInOrder.append(receipt) }
            groups[receipt, default: []].append(index)
        }

        // Transactions are large values; build them once, sort their keys, and copy each once into place.
        var built: [ParsedTransaction] = []
        var primaryRows: [Int] = []
        built.reserveCapacity(rows.count)
        primaryRows.reserveCapacity(rows.count)
        for receipt in receiptsInOrder {
            var members = groups[receipt]!
            if members.count > 1 { members.sort { chronologicalKey($0) < chronologicalKey($1) } }
            build(receipt: receipt, members: members, rows: rows, rank: rank, into: &built, primaryRows: &primaryRows)
        }
        let order = built.indices.sorted { chronologicalKey(primaryRows[$0]) < chronologicalKey(primaryRows[$1]) }
        return order.map { built[$0] }
    }

    private struct Leg {
        var row: Int
        var classification: DetailsClassifier.Classification
        var direction: Direction
        var charges: [Int] = []
    }

    private static func build(
        receipt: String, members: [Int], rows: [StatementRow], rank: [Int], into result: inout [ParsedTransaction], primaryRows: inout [Int]
    ) {
        var primaries: [Leg] = []
        var overdrafts: [Leg] = []
        var charges: [(row: Int, kind: DetailsClassifier.ChargeKind)] = []
        for index in members {
            let row = rows[index]
            let direction: Direction = row.withdrawn != nil ? .out : .in
            let classification = DetailsClassifier.classify(row.details, direction: direction)
            switch classification.role {
            case .charge(let kind): charges.append((index, kind))
            case .overdraft: overdrafts.append(Leg(row: index, classification: classification, direction: direction))
            case .primary: primaries.append(Leg(row: index, classification: classification, direction: direction))
            }
        }
        var orphanCharges: [Int] = []
        for charge in charges {
            if let parent = bestParent(for: charge.kind, among: primaries) {
                primaries[parent].charges.append(charge.row)
            } else {
                orphanCharges.append(charge.row)
            }
        }

        let isSweep = primaries.count > 1 && primaries.allSatisfy { $0.classification.kind == .settlement }
            && Set(primaries.map(\.direction)).count == 2
        var ordinals: [LineKind: Int] = [:]
        func nextLineKind(_ base: LineKind) -> LineKind {
            let ordinal = (ordinals[base] ?? 0) + 1
            ordinals[base] = ordinal
            return base.numbered(ordinal)
        }
        for leg in primaries {
            let base: LineKind = isSweep ? (leg.direction == .in ? .sweepIn : .sweepOut) : .main
            result.append(transaction(receipt: receipt, lineKind: nextLineKind(base), leg: leg, rows: rows, rank: rank))
            primaryRows.append(leg.row)
        }
        for leg in overdrafts {
            result.append(transaction(receipt: receipt, lineKind: nextLineKind(.overdraft), leg: leg, rows: rows, rank: rank))
            primaryRows.append(leg.row)
        }
        for row in orphanCharges {
            let leg = Leg(row: row, classification: .init(kind: .charge), direction: rows[row].withdrawn != nil ? .out : .in)
            result.append(transaction(receipt: receipt, lineKind: nextLineKind(.charge), leg: leg, rows: rows, rank: rank))
            primaryRows.append(row)
        }
    }

    /// The primary leg a charge belongs to: the first leg of a compatible kind without a fee yet, else the first
    /// leg of a compatible kind, else the only leg.
    private static func bestParent(for charge: DetailsClassifier.ChargeKind, among legs: [Leg]) -> Int? {
        guard !legs.isEmpty else { return nil }
        let compatible: Set<TransactionKind> = switch charge {
        case .transfer: [.sendMoney, .pochi]
        case .paybill: [.paybill]
        case .merchant: [.buyGoods, .pochi]
        case .withdrawal: [.agentWithdrawal]
        case .other: Set(TransactionKind.allCases)
        }
        let matching = legs.indices.filter { compatible.contains(legs[$0].classification.kind) }
        if let free = matching.first(where: { legs[$0].charges.isEmpty }) { return free }
        if let first = matching.first { return first }
        return legs.count == 1 ? 0 : nil
    }

    private static func transaction(receipt: String, lineKind: LineKind, leg: Leg, rows: [StatementRow], rank: [Int]) -> ParsedTransaction {
        let row = rows[leg.row]
        let amount = leg.direction == .out ? (row.withdrawn?.cents ?? 0) : (row.paidIn?.cents ?? 0)
        let fee = leg.charges.reduce(Int64(0)) { $0 + (rows[$1].withdrawn?.cents ?? 0) - (rows[$1].paidIn?.cents ?? 0) }
        let all = [leg.row] + leg.charges
        // The balance after the transaction is the balance of its chronologically last row.
        let last = all.max { lhs, rhs in
            (rows[lhs].completedAt, rank[lhs]) < (rows[rhs].completedAt, rank[rhs])
        }!
        var counterparty = leg.classification.counterparty
        if let info = row.otherPartyInfo, !info.isEmpty {
            counterparty = merge(counterparty, otherPartyInfo: info)
        }
        if let account = row.accountNumber, !account.isEmpty {
            if counterparty == nil { counterparty = Counterparty(kind: .person) }
            if counterparty?.accountReference == nil { counterparty?.accountReference = account }
        }
        return ParsedTransaction(
            receipt: receipt,
            lineKind: lineKind,
            localTime: row.completedAt,
            direction: leg.direction,
            amountCents: amount,
            feeCents: fee,
            balanceCents: rows[last].balance?.cents,
            kind: leg.classification.kind,
            counterparty: counterparty,
            details: row.details,
            status: row.status,
            rows: all.map { rows[$0] }
        )
    }

    /// Org exports print the other party as `25470****111 - ALICE **** EXAMPLE`; it fills what Details lacks.
    private static func merge(_ counterparty: Counterparty?, otherPartyInfo: String) -> Counterparty {
        let (phone, name) = DetailsClassifier.splitPhoneAndName(Substring(TextNormalization.collapse(otherPartyInfo)))
        var result = counterparty ?? Counterparty(kind: phone != nil ? .person : .business)
        if result.phone == nil { result.phone = phone }
        if result.name == nil { result.name = name }
        return result
    }
}
