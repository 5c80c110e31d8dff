import Foundation
import MPesaCore
import StatementGeneration
import StatementParsing
import Testing

/// Each §3 template on its own: the transaction it becomes, or the finding that says why it is none.
@Suite("SMS templates")
struct SMSParserTemplateTests {
    let parser = SMSParser()

    @Test("every money-moving §3 template reads into one transaction with exact facts", arguments: SMSSamples.transactions)
    func readsTransaction(_ sample: SMSSample) throws {
        let expected = try #require(sample.facts)
        let result = try parser.parse(sample.text)
        #expect(result.messageCount == 1)
        try #require(result.transactions.count == 1, "findings: \(result.findings.map(\.message))")
        let transaction = result.transactions[0]
        #expect(SMSFixtures.facts(transaction) == expected)
        #expect(transaction.status == .completed)
        #expect(transaction.details == sample.text.split(whereSeparator: \.isWhitespace).joined(separator: " "))
        #expect(result.findings.allSatisfy { $0.code == "sms_time_inferred" }, "unexpected findings: \(result.findings.map(\.message))")
    }

    @Test("the row carries the receipt, time, amount column, balance and message index", arguments: SMSSamples.transactions)
    func rowMirrorsMessage(_ sample: SMSSample) throws {
        let expected = try #require(sample.facts)
        let result = try parser.parse(sample.text)
        let row = try #require(result.rows.first)
        #expect(row.receipt == expected.receipt)
        #expect(row.completedAt == expected.localTime)
        #expect(row.completedAt.second == 0)
        #expect(row.paidIn == (expected.direction == .in ? Money(cents: expected.amountCents) : nil))
        #expect(row.withdrawn == (expected.direction == .out ? Money(cents: expected.amountCents) : nil))
        #expect(row.balance == expected.balanceCents.map(Money.init(cents:)))
        #expect(row.status == .completed)
        #expect(row.source == RowSource(line: 1, index: 0))
        #expect(row.linkedTransactionID == expected.reversedReceipt)
        #expect(!row.details.contains("\n") && !row.details.contains("  "))
        #expect(result.transactions.first?.rows == [row])
    }

    @Test("identity is receipt:main, or receipt:overdraft for a Fuliza draw, as for statement rows", arguments: SMSSamples.transactions)
    func identityMatchesStatements(_ sample: SMSSample) throws {
        let expected = try #require(sample.facts)
        let transaction = try #require(try parser.parse(sample.text).transactions.first)
        let line = expected.kind == .fulizaDraw ? "overdraft" : "main"
        #expect(transaction.identity == "\(expected.receipt):\(line)")
        #expect(transaction.lineKind.rawValue == line)
    }

    @Test("messages that move no money give a finding and no transaction", arguments: SMSSamples.notices)
    func noticesAreFindings(_ sample: SMSSample) throws {
        guard case .finding(let code) = sample.expected else { return }
        let result = try parser.parse(sample.text)
        #expect(result.transactions.isEmpty)
        #expect(result.rows.isEmpty)
        #expect(result.findings.map(\.code) == [code])
        #expect(result.findings.first?.severity == .info)
        #expect(result.findings.first?.message.hasPrefix("Message 1") == true)
    }

    @Test("a declined reversal names the receipt that stayed with the recipient")
    func declinedReversalNamesReceipt() throws {
        let sample = try #require(SMSSamples.notices.first { $0.template == "Reversal declined" })
        let finding = try #require(try parser.parse(sample.text).findings.first)
        #expect(finding.receipt == "TIG5H7J9K1")
        #expect(finding.message.contains("1,150.00"))
    }

    @Test("a failed transaction reports the amount and the payee it did not reach")
    func failedTransactionDetails() throws {
        let finding = try #require(
            try parser.parse("Transaction failed, M-PESA cannot complete payment of Ksh20.00 to Equity Paybill Account. Please try again shortly.").findings.first
        )
        #expect(finding.code == "transaction_failed")
        #expect(finding.message.contains("Ksh20.00") && finding.message.contains("Equity Paybill Account"))
    }

    @Test("a Fuliza notice on its own is dated from its receipt and says so")
    func fulizaAloneIsDatedFromReceipt() throws {
        let result = try parser.parse("UG7P4D6F8G Confirmed. Fuliza M-PESA amount is Ksh 20.00. Access Fee charged Ksh 0.20. Total Fuliza M-PESA outstanding amount is Ksh90.88 due on 01/08/26. To check daily charges, Dial *334#OK Select Query Charges")
        #expect(result.transactions.first?.localTime == SMSFixtures.time(2026, 7, 7, 0, 0))
        #expect(result.findings.map(\.code) == ["sms_time_inferred"])
        #expect(result.findings.first?.rowIndex == 0)
    }

    @Test("the Fuliza due date is never taken for the transaction date")
    func fulizaDueDateIgnored() throws {
        let result = try parser.parse("UG7P4D6F8G Confirmed. Fuliza M-PESA amount is Ksh 20.00. Access Fee charged Ksh 0.20. Total Fuliza M-PESA outstanding amount is Ksh90.88 due on 01/08/26.")
        #expect(result.transactions.first?.localTime.month == 7)
    }

    @Test("pochi, M-Shwari and KCB M-PESA balances never stand in for the M-PESA balance")
    func onlyMPesaBalance() throws {
        let pochi = try parser.parse(
            "UHGM6Y3T8R Confirmed.You have received Ksh100.00 from JOHN DOE on 16/8/26 at 10:37 PM New Pochi balance is Ksh1,660.00."
        )
        #expect(pochi.rows.first?.balance == nil)
        let kcb = try parser.parse(
            "UF9Z1X3C5V Confirmed. Ksh500.00 transfered to KCB M-PESA account on 9/6/26 at 8:15 AM. New KCB M-PESA balance is Ksh3,500.00."
        )
        #expect(kcb.rows.first?.balance == nil)
        let shwari = try parser.parse(
            "UHDM2V4C6X Confirmed.Ksh1,000.00 transferred from M-Shwari account on 13/8/26 at 1:09 PM. M-Shwari balance is Ksh2,569.07 ."
        )
        #expect(shwari.rows.first?.balance == nil)
    }

    @Test("12 AM is midnight and 12 PM is noon")
    func twelveOClock() throws {
        let midnight = try parser.parse("UF5C7V1B3N Confirmed.You have received Ksh1.00 from JOHN DOE 0712345678 on 5/6/26 at 12:04 AM New M-PESA balance is Ksh2.00.")
        #expect(midnight.rows.first?.completedAt == SMSFixtures.time(2026, 6, 5, 0, 4))
        let noon = try parser.parse("UF5C7V1B3N Confirmed.You have received Ksh1.00 from JOHN DOE 0712345678 on 5/6/26 at 12:04 PM New M-PESA balance is Ksh2.00.")
        #expect(noon.rows.first?.completedAt == SMSFixtures.time(2026, 6, 5, 12, 4))
    }

    @Test("four-digit years are read as printed")
    func fourDigitYear() throws {
        let result = try parser.parse("UF5C7V1B3N Confirmed. Ksh50.00 sent to JOHN DOE 0712345678 on 5/6/2026 at 6:27 PM. New M-PESA balance is Ksh123.12. Transaction cost, Ksh0.00.")
        #expect(result.rows.first?.completedAt == SMSFixtures.time(2026, 6, 5, 18, 27))
    }

    @Test("a mask glyph another app substituted for * still reads as a masked number")
    func maskGlyphs() throws {
        let result = try parser.parse("UF5C7V1B3N Confirmed.You have received Ksh1,500.00 from JOHN DOE 0799\u{2022}\u{2022}\u{2022}123 on 5/6/26 at 9:04 AM New M-PESA balance is Ksh2,000.00.")
        #expect(result.transactions.first?.counterparty?.phone == "0799***123")
        #expect(result.transactions.first?.kind == .receiveMoney)
    }

    @Test("amounts are read by the same rules as Money(parsing:)", arguments: [
        "1,234.50", "1000", "1000.00", "0.2", "0.05", "1,000", "12,345,678.90", "999,999,999,999.99", "92233720368547758.07",
        "1,00,000.00", "1234,567.00", "1,2345.00", "1,000,00.00", "92233720368547758.08", "99999999999999999999",
    ])
    func amountsAgreeWithMoney(_ amount: String) throws {
        let result = try parser.parse("UF5C7V1B3N Confirmed. Ksh\(amount) sent to JOHN DOE 0712345678 on 5/6/26 at 6:27 PM. New M-PESA balance is Ksh1.00.")
        if let money = try? Money(parsing: amount) {
            #expect(result.transactions.map(\.amountCents) == [money.cents])
        } else {
            #expect(result.transactions.isEmpty)
            #expect(result.findings.map(\.code) == ["invalid_sms_value"])
        }
    }

    @Test("a no-break space between receipt and Confirmed still starts a new message")
    func noBreakSpaceInHeader() throws {
        let first = "UHF4K2L9QZ Confirmed. Ksh30.00 sent to JANE DOE on 15/8/26 at 7:19 PM. New M-PESA balance is Ksh661.03. Transaction cost, Ksh0.00."
        let second = "UHF5K2L9QZ\u{00A0}Confirmed.\u{00A0}Ksh20.00 sent to JANE DOE on 15/8/26 at 7:29 PM. New M-PESA balance is Ksh641.03. Transaction cost, Ksh0.00."
        let result = try parser.parse(first + "\u{00A0}" + second)
        #expect(result.transactions.map(\.receipt) == ["UHF4K2L9QZ", "UHF5K2L9QZ"])
        #expect(result.transactions.map(\.amountCents) == [3_000, 2_000])
    }
}
