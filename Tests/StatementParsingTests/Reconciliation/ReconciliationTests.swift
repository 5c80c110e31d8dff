import Foundation
import MPesaCore
import StatementGeneration
import StatementParsing
import Testing

func generated(seed: UInt64 = 11, months: Int = 1, perDay: Double = 12) -> SyntheticStatement {
    PersonalStatementGenerator.generate(GeneratorConfiguration(seed: seed, months: months, transactionsPerDay: perDay))
}

func parsePDF(_ data: Data, password: String? = nil) async throws -> ParsedStatement {
    try await PersonalPDFParser().parse(data, password: password)
}

/// Runs qpdf on a file (page surgery for tampering tests).
func qpdf(_ arguments: [String], input: Data, extra: [String: Data] = [:]) async throws -> Data {
    let scratch = try PrivateScratchDirectory()
    defer { scratch.remove() }
    let inputPath = try scratch.write(input, named: "in.pdf")
    for (name, data) in extra { _ = try scratch.write(data, named: name) }
    let output = scratch.path + "/out.pdf"
    let run = try await ExternalTool(executable: "qpdf").run(arguments.map {
        $0.replacingOccurrences(of: "IN", with: inputPath).replacingOccurrences(of: "OUT", with: output).replacingOccurrences(of: "DIR", with: scratch.path)
    })
    #expect(run.status == 0 || run.status == 3, "qpdf: \(run.log)")
    return try Data(contentsOf: URL(fileURLWithPath: output))
}

@Suite("Reconciliation and authenticity")
struct ReconciliationTests {
    @Test("a genuine generated statement is verified, with every check passing")
    func genuine() async throws {
        let parsed = try await parsePDF(PersonalStatementPDFRenderer.renderPlain(generated()))
        #expect(parsed.reconciliation.verdict == .verified)
        for check in ["balance_chain", "summary_totals", "page_numbering", "verification_code", "document_metadata"] {
            #expect(parsed.reconciliation.checks[check] == .passed, "\(check)")
        }
    }

    @Test("an edited amount is caught at its row, by the balance chain and the SUMMARY totals")
    func editedAmount() async throws {
        var statement = generated()
        let target = try #require(statement.rows.indices.dropFirst(30).first { statement.rows[$0].withdrawn != nil })
        statement.rows[target].withdrawn = Money(cents: statement.rows[target].withdrawn!.cents - 10_000)
        let parsed = try await parsePDF(PersonalStatementPDFRenderer.renderPlain(statement))
        #expect(parsed.reconciliation.verdict == .inconsistent)
        let balanceFindings = parsed.reconciliation.findings.filter { $0.code == "balance_mismatch" }
        #expect(balanceFindings.map(\.rowIndex) == [target])
        #expect(parsed.reconciliation.findings.contains { $0.code == "summary_total_mismatch" })
    }

    @Test("an edited balance is caught")
    func editedBalance() async throws {
        var statement = generated()
        statement.rows[40].balance = Money(cents: statement.rows[40].balance!.cents + 500_000)
        let parsed = try await parsePDF(PersonalStatementPDFRenderer.renderPlain(statement))
        #expect(parsed.reconciliation.verdict == .inconsistent)
        #expect(parsed.reconciliation.findings.contains { $0.code == "balance_mismatch" && $0.rowIndex == 40 })
    }

    @Test("a removed page is caught by the page numbering and the balance chain")
    func removedPage() async throws {
        let pdf = PersonalStatementPDFRenderer.renderPlain(generated())
        let cut = try await qpdf(["--empty", "--pages", "IN", "1-2,4-z", "--", "OUT"], input: pdf)
        let parsed = try await parsePDF(cut)
        #expect(parsed.reconciliation.verdict == .inconsistent)
        let codes = Set(parsed.reconciliation.findings.map(\.code))
        #expect(codes.contains("page_out_of_sequence") || codes.contains("page_missing"))
        #expect(codes.contains("balance_mismatch"))
    }

    @Test("pages from two statements combined are caught by their verification codes")
    func combinedStatements() async throws {
        let first = PersonalStatementPDFRenderer.renderPlain(generated(seed: 1))
        let second = PersonalStatementPDFRenderer.renderPlain(generated(seed: 2))
        let combined = try await qpdf(["--empty", "--pages", "IN", "1-2", "DIR/second.pdf", "3-z", "--", "OUT"], input: first, extra: ["second.pdf": second])
        let parsed = try await parsePDF(combined)
        #expect(parsed.reconciliation.verdict == .inconsistent)
        #expect(parsed.reconciliation.findings.contains { $0.code == "verification_code_mismatch" })
    }

    @Test("a statement re-saved by an editing tool is flagged", arguments: ["iLovePDF", "Microsoft® Word for Microsoft 365", "Smallpdf.com"])
    func editingTool(producer: String) async throws {
        let pdf = PersonalStatementPDFRenderer.renderPlain(generated(), documentInfo: ["Producer": producer, "Creator": producer])
        let parsed = try await parsePDF(pdf)
        #expect(parsed.reconciliation.verdict == .inconsistent)
        #expect(parsed.reconciliation.findings.contains { $0.code == "edited_document" })
    }

    @Test("a PDF that does not name Safaricom is unverifiable, not verified")
    func unknownProducer() async throws {
        let pdf = PersonalStatementPDFRenderer.renderPlain(generated(), documentInfo: ["Producer": "", "Creator": "", "Subject": ""])
        let parsed = try await parsePDF(pdf)
        #expect(parsed.reconciliation.verdict == .unverifiable)
    }

    @Test("receipt numbers are decoded to their dates")
    func receiptDates() throws {
        let time = try #require(LocalDateTime(year: 2024, month: 10, day: 14, hour: 16, minute: 17, second: 9))
        #expect(ReceiptDateCode.encode(time) == "SJE")
        #expect(ReceiptDateCode.decode("SJE4AB12CD")! == (2024, 10, 14))
        #expect(ReceiptDateCode.decode("UCV9XYZ123")! == (2026, 3, 31))
        #expect(ReceiptDateCode.agrees("SJE4AB12CD", with: time) == true)
        #expect(ReceiptDateCode.agrees("SJA4AB12CD", with: time) == false)
        #expect(ReceiptDateCode.decode("1234567890") == nil)
    }

    @Test("the balance chain orders same-second legs by their balances, whatever order they are printed in")
    func sameSecondGroups() throws {
        let time = try #require(LocalDateTime(year: 2024, month: 10, day: 14, hour: 16, minute: 17, second: 9))
        func row(_ details: String, paidIn: Int64? = nil, withdrawn: Int64? = nil, balance: Int64, index: Int) -> StatementRow {
            StatementRow(receipt: "SJE4AB12CD", completedAt: time, details: details, paidIn: paidIn.map(Money.init(cents:)),
                         withdrawn: withdrawn.map(Money.init(cents:)), balance: Money(cents: balance), source: RowSource(line: index + 1, index: index))
        }
        // Printed as in the reference (§1.8): charge, payment, overdraft.
        let rows = [
            row("Pay Bill Charge", withdrawn: 1_500, balance: 0, index: 0),
            row("Pay Bill Fuliza M-Pesa to 4109505 - BYTECH CREDIT LIMITED C2B Acc. X", withdrawn: 150_000, balance: 1_500, index: 1),
            row("OverDraft of Credit Party", paidIn: 48_442, balance: 151_500, index: 2),
        ]
        let chain = BalanceChain(rows: rows)
        #expect(chain.breaks.isEmpty)
        #expect(chain.chronological == [2, 1, 0])
        #expect(chain.openingCents == 103_058)
        let transactions = StatementNormalizer.transactions(from: rows, chain: chain)
        #expect(transactions.map(\.identity) == ["SJE4AB12CD:overdraft", "SJE4AB12CD:main"])
        let payment = transactions[1]
        #expect(payment.kind == .paybill)
        #expect(payment.amountCents == 150_000)
        #expect(payment.feeCents == 1_500)
        #expect(payment.balanceCents == 0)
        #expect(payment.rows.count == 2)
        #expect(transactions[0].kind == .fulizaDraw)
        #expect(transactions[0].amountCents == 48_442)
    }
}

@Suite("Awkward rows")
struct AwkwardRowTests {
    static func row(_ receipt: String, _ details: String, paidIn: Int64? = nil, withdrawn: Int64? = nil, balance: Int64?, second: Int, index: Int) -> StatementRow {
        StatementRow(
            receipt: receipt, completedAt: LocalDateTime(year: 2026, month: 3, day: 2, hour: 10, minute: 0, second: second)!, details: details,
            paidIn: paidIn.map(Money.init(cents:)), withdrawn: withdrawn.map(Money.init(cents:)), balance: balance.map(Money.init(cents:)),
            source: RowSource(line: index + 1, index: index)
        )
    }

    @Test("a row with empty Details is kept as a transaction of its own, not merged into a neighbour")
    func emptyDetails() {
        let rows = [
            Self.row("UC2AAAAAA2", "", withdrawn: 500, balance: 9_500, second: 2, index: 0),
            Self.row("UC2AAAAAA1", "Funds received from - 2547******123 JOHN DOE", paidIn: 10_000, balance: 10_000, second: 1, index: 1),
        ]
        let statement = StatementAssembler.assemble(RawStatement(metadata: StatementMetadata(format: .personalCSV), rows: rows))
        #expect(statement.transactions.count == 2)
        #expect(statement.transactions.last?.kind == .other)
        #expect(statement.transactions.last?.details == "")
        #expect(statement.reconciliation.checks["balance_chain"] == .passed)
    }

    @Test("a negative balance and blank amounts are findings, not crashes")
    func negativeBalanceAndBlanks() {
        let rows = [
            Self.row("UC2AAAAAA3", "Airtime Purchase", withdrawn: 500, balance: -500, second: 3, index: 0),
            Self.row("UC2AAAAAA2", "Airtime Purchase", balance: 0, second: 2, index: 1),
            Self.row("UC2AAAAAA1", "Airtime Purchase", withdrawn: nil, balance: nil, second: 1, index: 2),
        ]
        let statement = StatementAssembler.assemble(RawStatement(metadata: StatementMetadata(format: .personalCSV), rows: rows))
        #expect(statement.reconciliation.findings.contains { $0.code == "negative_balance" && $0.rowIndex == 0 })
        #expect(statement.transactions.count == 3)
        #expect(statement.transactions.allSatisfy { $0.amountCents >= 0 })
    }
}
