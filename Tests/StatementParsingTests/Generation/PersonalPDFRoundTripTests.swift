import Foundation
import MPesaCore
import StatementGeneration
import StatementParsing
import Testing

@Suite("Personal statement PDF: generate, then parse")
struct PersonalPDFRoundTripTests {
    @Test("every row, amount, fee and balance of a generated statement comes back exactly", arguments: BusinessProfile.allCases)
    func roundTrip(profile: BusinessProfile) async throws {
        let statement = PersonalStatementGenerator.generate(GeneratorConfiguration(seed: 7, months: 2, transactionsPerDay: 14, profile: profile))
        let pdf = PersonalStatementPDFRenderer.renderPlain(statement)
        let parsed = try await PersonalPDFParser().parse(pdf, password: nil)
        #expect(parsed.rows.count == statement.rows.count)
        for (read, written) in zip(parsed.rows, statement.rows) {
            #expect(read.receipt == written.receipt)
            #expect(read.completedAt == written.completedAt)
            #expect(read.details == written.details, "row \(written.source.index)")
            #expect(read.paidIn == written.paidIn)
            #expect(read.withdrawn == written.withdrawn)
            #expect(read.balance == written.balance)
        }
        #expect(parsed.summary == statement.summary)
        #expect(parsed.metadata.customerName == statement.metadata.customerName)
        #expect(parsed.metadata.verificationCode == statement.metadata.verificationCode)
        #expect(parsed.metadata.periodStart == statement.metadata.periodStart)
        #expect(parsed.metadata.periodEnd == statement.metadata.periodEnd)
        #expect(parsed.metadata.openingBalanceCents == statement.metadata.openingBalanceCents)
        #expect(parsed.reconciliation.verdict == .verified, "\(parsed.reconciliation.findings.filter { $0.severity != .info })")
    }
}
