import Foundation
import MPesaCore
import StatementParsing

/// Generates an organisation's paybill statement as the M-PESA org portal exports it (§2 of the formats
/// reference): customer payments (`Pay Bill from …`, `Pay Bill Online from …`, bank-initiated `Business Pay Bill`)
/// each with its `Pay Bill Charge` leg under the same receipt, a nightly sweep of the utility account to the
/// settlement account, and an occasional withdrawal to the bank, newest first, with the org columns filled in.
public enum BusinessStatementGenerator {
    public static func generate(_ configuration: GeneratorConfiguration, organization: String = "UPENDO SUPPLIES LTD - Main Branch", shortcode: String = "4123456") -> SyntheticStatement {
        var random = SeededRandom(seed: configuration.seed ^ 0xB05)
        var used: Set<String> = []
        let end = configuration.endDate
        let startDate = LocalDateTime(instant: end.instant.addingTimeInterval(-Double(configuration.months) * 30.4 * 86_400))
        var day = LocalDateTime(year: startDate.year, month: startDate.month, day: startDate.day)!
        var balance = configuration.openingBalanceCents
        var chronological: [(StatementRow, RowTruth)] = []

        func row(_ receipt: String, _ time: LocalDateTime, _ details: String, paidIn: Int64?, withdrawn: Int64?, reason: String, other: String?, account: String?) -> StatementRow {
            balance += (paidIn ?? 0) - (withdrawn ?? 0)
            return StatementRow(
                receipt: receipt, completedAt: time, initiatedAt: time.adding(seconds: -Int(random.next() % 5)), details: details,
                paidIn: paidIn.map(Money.init(cents:)), withdrawn: withdrawn.map(Money.init(cents:)), balance: Money(cents: balance),
                reasonType: reason, otherPartyInfo: other, accountNumber: account, source: RowSource(line: 0, index: 0)
            )
        }

        while day <= end {
            let count = random.poisson(configuration.transactionsPerDay)
            var seconds = (0..<count).map { _ in 7 * 3600 + Int(random.next() % UInt64(14 * 3600)) }.sorted()
            for index in seconds.indices.dropFirst() where seconds[index] <= seconds[index - 1] + 2 { seconds[index] = seconds[index - 1] + 3 }
            for second in seconds where second < 22 * 3600 {
                let time = LocalDateTime(year: day.year, month: day.month, day: day.day, hour: second / 3600, minute: second % 3600 / 60, second: second % 60)!
                let receipt = PersonalStatementGenerator.receipt(for: time, random: &random, used: &used)
                let amount = random.shillings(median: 1_800, spread: 0.9, range: 10...250_000)
                let first = random.pick(NamePools.firstNames)
                let last = random.pick(NamePools.lastNames)
                let phone = "2547****\(String(format: "%03d", Int(random.next() % 1000)))"
                let account = random.chance(0.7) ? "INV\(1000 + random.next() % 9000)" : first.lowercased()
                let (details, reason, other): (String, String, String) = switch random.next() % 10 {
                case 0...4: ("Pay Bill from \(phone) - \(first) \(last) Acc. \(account)", "Pay Utility", "\(phone) - \(first) **** \(last)")
                case 5...7: ("Pay Bill Online from \(phone) - \(first) \(last) Acc. \(account)", "Pay Bill Online", "\(phone) - \(first) **** \(last)")
                case 8: ("Business Pay Bill via API by 999001 - EQUITY BANK TO PAYBILL Acc. \(account)", "Pay Bill Online", "999001 - EQUITY BANK TO PAYBILL")
                default: ("Pay Bill Online from \(phone) - \(first) \(last) Acc. \(account)", "Pay Utility with OD Online", "\(phone) - \(first) **** \(last)")
                }
                let incoming = row(receipt, time, details, paidIn: amount, withdrawn: nil, reason: reason, other: other, account: account)
                let fee = max(Int64(100), min(amount / 100, 20_000)) / 100 * 100
                let charge = row(receipt, time, "Pay Bill Charge", paidIn: nil, withdrawn: fee, reason: "Business Pay Bill Charge", other: "SP", account: nil)
                chronological.append((incoming, RowTruth(kind: .paybill, role: .primary)))
                chronological.append((charge, RowTruth(kind: .paybill, role: .charge)))
            }
            // Nightly sweep to the settlement account, and now and then money out to the bank.
            if balance > 100_000 {
                let time = LocalDateTime(year: day.year, month: day.month, day: day.day, hour: 23, minute: 30, second: 0)!
                let receipt = PersonalStatementGenerator.receipt(for: time, random: &random, used: &used)
                let swept = balance / 2
                chronological.append((row(receipt, time, "Utility Account to Organization Settlement Account", paidIn: nil, withdrawn: swept, reason: "Utility Account to Organization Settlement Account", other: "\(shortcode) - \(organization)", account: nil), RowTruth(kind: .settlement, role: .primary)))
                chronological.append((row(receipt, time, "Utility Account to Organization Settlement Account", paidIn: swept, withdrawn: nil, reason: "Utility Account to Organization Settlement Account", other: "\(shortcode) - \(organization)", account: nil), RowTruth(kind: .settlement, role: .primary)))
                if random.chance(0.2) {
                    let bankTime = time.adding(seconds: 600)
                    let bankReceipt = PersonalStatementGenerator.receipt(for: bankTime, random: &random, used: &used)
                    chronological.append((row(bankReceipt, bankTime, "Agency Withdrawal of funds to Bank", paidIn: nil, withdrawn: balance / 3, reason: "Settlement", other: "EQUITY BANK", account: nil), RowTruth(kind: .settlement, role: .primary)))
                }
            }
            day = day.adding(seconds: 86_400)
        }
        let printed = Array(chronological.reversed())
        var rows: [StatementRow] = []
        var truth: [RowTruth] = []
        for (index, item) in printed.enumerated() {
            var row = item.0
            row.source = RowSource(line: index + 1, index: index)
            rows.append(row)
            truth.append(item.1)
        }
        var metadata = StatementMetadata(format: .businessClassicXLSX)
        metadata.organization = organization
        metadata.shortcode = shortcode
        metadata.account = "Utility Account"
        metadata.periodStart = LocalDateTime(year: startDate.year, month: startDate.month, day: startDate.day)
        metadata.periodEnd = LocalDateTime(year: end.year, month: end.month, day: end.day, hour: 23, minute: 59, second: 59)
        metadata.requestDate = end.adding(seconds: 86_400 + 7 * 3600)
        metadata.openingBalanceCents = configuration.openingBalanceCents
        metadata.closingBalanceCents = balance
        return SyntheticStatement(metadata: metadata, mobileNumber: "", summary: nil, rows: rows, truth: truth)
    }
}
