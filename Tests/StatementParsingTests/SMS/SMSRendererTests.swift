import MPesaCore
import StatementGeneration
import StatementParsing
import Testing

/// The renderer writes §3 templates that the parser reads back to the same facts.
@Suite("SMS renderer")
struct SMSRendererTests {
    let renderer = SMSRenderer()
    let parser = SMSParser()

    @Test("render then parse gives back every fact, for 200 seeded transactions of each template", arguments: SMSTransactionFactory.Shape.allCases)
    func roundTrip(_ shape: SMSTransactionFactory.Shape) throws {
        var random = SMSTestRandom(seed: UInt64(SMSTransactionFactory.Shape.allCases.firstIndex(of: shape) ?? 0) &* 7_919)
        for _ in 0..<200 {
            let transaction = SMSTransactionFactory.make(shape, &random)
            #expect(renderer.recoverableFacts(of: transaction) == transaction, "the factory makes SMS-shaped facts")
            let text = try #require(renderer.render(transaction, using: &random))
            let result = try parser.parse(text)
            try #require(result.transactions.count == 1, "\(text) → \(result.findings.map(\.message))")
            let expected = SMSTransactionFactory.expectedTimes([transaction])[0]
            #expect(SMSFixtures.facts(result.transactions[0]) == expected, "\(text)")
            #expect(result.transactions[0].lineKind == transaction.lineKind)
            #expect(result.findings.allSatisfy { $0.code == "sms_time_inferred" }, "\(text) → \(result.findings.map(\.message))")
        }
    }

    @Test("a paste of 2,000 random messages with random separators parses back in order", arguments: [1, 2, 3] as [UInt64])
    func pasteRoundTrip(seed: UInt64) throws {
        var random = SMSTestRandom(seed: seed)
        let transactions = (0..<2_000).map { _ in SMSTransactionFactory.random(&random) }
        let paste = renderer.renderPaste(transactions, using: &random)
        let result = try parser.parse(paste)
        #expect(result.messageCount == transactions.count)
        #expect(result.transactions.map(SMSFixtures.facts) == SMSTransactionFactory.expectedTimes(transactions))
        #expect(result.findings.allSatisfy { $0.code == "sms_time_inferred" })
    }

    @Test("a payment funded by Fuliza renders as two messages that parse to the payment and its draw, timed alike", arguments: 0..<50)
    func fulizaPairRoundTrip(seed: Int) throws {
        var random = SMSTestRandom(seed: UInt64(seed) &+ 99)
        let payment = SMSTransactionFactory.make(random.element([.buyGoods, .paybill, .sendMoney, .agentWithdrawal, .pochiPayment]), &random)
        var draw = SMSTransactionFactory.make(.fulizaDraw, &random)
        draw.receipt = payment.receipt
        draw.localTime = SMSFixtures.time(payment.localTime.year, payment.localTime.month, payment.localTime.day, 0, 0)
        let pair = seed % 2 == 0 ? [draw, payment] : [payment, draw]
        let result = try parser.parse(renderer.renderPaste(pair, using: &random))
        #expect(result.findings.isEmpty)
        #expect(result.transactions.map(SMSFixtures.facts) == SMSTransactionFactory.expectedTimes(pair))
        let parsedDraw = try #require(result.transactions.first { $0.kind == .fulizaDraw })
        #expect(parsedDraw.localTime == payment.localTime)
        #expect(parsedDraw.identity == "\(payment.receipt):overdraft")
    }

    @Test("the same seed always writes the same text, and other seeds vary the quirks")
    func deterministic() throws {
        var factoryRandom = SMSTestRandom(seed: 42)
        let transactions = (0..<300).map { _ in SMSTransactionFactory.random(&factoryRandom) }
        var first = SMSTestRandom(seed: 7)
        var second = SMSTestRandom(seed: 7)
        var other = SMSTestRandom(seed: 8)
        let a = renderer.renderPaste(transactions, using: &first)
        #expect(a == renderer.renderPaste(transactions, using: &second))
        #expect(a != renderer.renderPaste(transactions, using: &other))
    }

    @Test("rendered messages use the real quirks of the templates")
    func quirks() throws {
        var random = SMSTestRandom(seed: 5)
        var texts: [SMSTransactionFactory.Shape: [String]] = [:]
        for shape in SMSTransactionFactory.Shape.allCases {
            for _ in 0..<40 {
                let transaction = SMSTransactionFactory.make(shape, &random)
                texts[shape, default: []].append(try #require(renderer.render(transaction, using: &random)))
            }
        }
        #expect(texts[.agentWithdrawal]?.allSatisfy { $0.contains("Confirmed.on ") && ($0.contains("AMWithdraw Ksh") || $0.contains("PMWithdraw Ksh")) } == true)
        #expect(texts[.receivedFromPerson]?.allSatisfy { $0.contains("Confirmed.You have received Ksh") } == true)
        #expect(texts[.fulizaDraw]?.allSatisfy { $0.contains("amount is Ksh ") } == true)
        #expect(texts[.mShwariIn]?.allSatisfy { $0.contains(" .New M-Shwari saving account balance is Ksh") && $0.contains("Transaction cost Ksh.") } == true)
        #expect(texts[.airtimeOther]?.allSatisfy { $0.contains(".New balance is Ksh") } == true)
        #expect(texts[.globalPay]?.allSatisfy { $0.contains("    +") } == true)
        #expect(texts[.paybill]?.contains { $0.contains("Save frequent paybills") } == true)
        #expect(texts[.paybill]?.contains { !$0.contains("Amount you can transact") } == true)
        #expect(texts[.fulizaRepayment]?.contains { $0.contains("\nConfirmed.") } == true)
        #expect(texts[.kcbIn]?.contains { $0.contains("transfered to KCB M-PESA") } == true)
        #expect(texts[.buyGoods]?.allSatisfy { $0.contains(". on ") } == true)
    }

    @Test("a Fuliza draw prints its access fee (1% unless given) but reads back with no fee")
    func fulizaAccessFee() throws {
        var random = SMSTestRandom(seed: 12)
        var draw = SMSTransaction(
            receipt: "UG7P4D6F8G", localTime: SMSFixtures.time(2026, 7, 7, 0, 0), kind: .fulizaDraw, direction: .in, amountCents: 2_000,
            balanceCents: nil, counterparty: Counterparty(kind: .telco, name: "Fuliza M-PESA")
        )
        let computed = try #require(renderer.render(draw, using: &random))
        #expect(computed.contains("charged Ksh 0.20."))
        draw.feeCents = 59
        let given = try #require(renderer.render(draw, using: &random))
        #expect(given.contains("charged Ksh 0.59."))
        #expect(renderer.recoverableFacts(of: draw)?.feeCents == 0)
        #expect(try parser.parse(given).transactions.map(\.feeCents) == [0])
    }

    @Test("messages render on the printed date and 12-hour time")
    func printedTime() throws {
        var random = SMSTestRandom(seed: 1)
        let transaction = SMSTransaction(
            receipt: "UF5C7V1B3N", localTime: SMSFixtures.time(2026, 6, 5, 0, 4), kind: .receiveMoney, direction: .in, amountCents: 15_000,
            balanceCents: 200_000, counterparty: Counterparty(kind: .person, name: "JOHN DOE", phone: "0799***123")
        )
        let text = try #require(renderer.render(transaction, using: &random))
        #expect(text.hasPrefix("UF5C7V1B3N Confirmed.You have received Ksh150.00 from JOHN DOE 0799***123 on 5/6/26 at 12:04 AM"))
    }

    @Test("movements with no SMS of their own render nothing", arguments: [
        TransactionKind.charge, .settlement, .other, .loanDisbursement, .loanRepayment,
    ])
    func noSMSKinds(_ kind: TransactionKind) {
        var random = SMSTestRandom(seed: 3)
        let transaction = SMSTransaction(
            receipt: "UF5C7V1B3N", localTime: SMSFixtures.time(2026, 6, 5, 9, 4), kind: kind, direction: .out, amountCents: 1_000,
            balanceCents: 5_000, counterparty: nil
        )
        #expect(renderer.render(transaction, using: &random) == nil)
        #expect(renderer.recoverableFacts(of: transaction) == nil)
    }

    @Test("a template that needs a fact the transaction lacks renders nothing")
    func missingFacts() {
        var random = SMSTestRandom(seed: 4)
        let time = SMSFixtures.time(2026, 6, 5, 9, 4)
        let cases: [SMSTransaction] = [
            SMSTransaction(receipt: "UF5C7V1B3N", localTime: time, kind: .sendMoney, direction: .out, amountCents: 1, balanceCents: 1, counterparty: Counterparty(kind: .person, name: "JOHN DOE")),
            SMSTransaction(receipt: "UF5C7V1B3N", localTime: time, kind: .paybill, direction: .out, amountCents: 1, balanceCents: 1, counterparty: nil),
            SMSTransaction(receipt: "UF5C7V1B3N", localTime: time, kind: .buyGoods, direction: .in, amountCents: 1, balanceCents: 1, counterparty: Counterparty(kind: .till, name: "SHOP")),
            SMSTransaction(receipt: "short", localTime: time, kind: .reversal, direction: .in, amountCents: 1, balanceCents: 1, counterparty: nil),
            SMSTransaction(receipt: "UF5C7V1B3N", localTime: time, kind: .reversal, direction: .in, amountCents: -1, balanceCents: 1, counterparty: nil),
        ]
        for transaction in cases {
            #expect(renderer.render(transaction, using: &random) == nil)
        }
    }

    @Test("facts an SMS does not print are dropped from the recoverable facts, not invented")
    func recoverableFactsDropUnprinted() throws {
        let time = LocalDateTime(year: 2026, month: 6, day: 5, hour: 9, minute: 4, second: 37) ?? SMSFixtures.time(2026, 6, 5, 9, 4)
        let buyGoods = SMSTransaction(
            receipt: "UF5C7V1B3N", localTime: time, kind: .buyGoods, direction: .out, amountCents: 1_000, feeCents: 0, balanceCents: 5_000,
            counterparty: Counterparty(kind: .till, name: "NAIVAS  LANG'ATA", shortcode: "573067")
        )
        let facts = try #require(renderer.recoverableFacts(of: buyGoods))
        #expect(facts.localTime == SMSFixtures.time(2026, 6, 5, 9, 4))
        #expect(facts.counterparty == Counterparty(kind: .till, name: "NAIVAS LANG'ATA"))
        var salary = buyGoods
        salary.kind = .salaryPayment
        salary.direction = .in
        salary.feeCents = 500
        salary.counterparty = Counterparty(kind: .business, name: "PREMIER KENYA LIMITED", shortcode: "334700")
        let salaryFacts = try #require(renderer.recoverableFacts(of: salary))
        #expect(salaryFacts.kind == .businessPayment && salaryFacts.feeCents == 0 && salaryFacts.counterparty?.shortcode == "334700")
        var random = SMSTestRandom(seed: 9)
        let parsed = try parser.parse(try #require(renderer.render(salary, using: &random))).transactions.map(SMSFixtures.facts)
        #expect(parsed == [salaryFacts])
    }

    @Test("a statement transaction converts to SMS facts with its reversal link")
    func fromParsedTransaction() throws {
        let parsed = try #require(try parser.parse(SMSSamples.transactions.first { $0.template == "Reversal (credit)" }?.text ?? "").transactions.first)
        let facts = SMSTransaction(parsed)
        #expect(facts.reversedReceipt == "UF7M1A2S3D")
        #expect(facts.lineKind == .main)
        var random = SMSTestRandom(seed: 11)
        let again = try parser.parse(try #require(renderer.render(facts, using: &random)))
        #expect(again.transactions.map(SMSFixtures.facts) == [facts])
    }
}
