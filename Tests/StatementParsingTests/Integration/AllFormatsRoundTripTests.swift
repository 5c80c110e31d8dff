import Foundation
import MPesaCore
import StatementGeneration
import StatementParsing
import Testing

/// Every format `mpesa generate` writes, read back through the one entry point the service and CLI use.
@Suite("Every format round-trips through StatementParser")
struct AllFormatsRoundTripTests {
    static let configuration = GeneratorConfiguration(seed: 31, months: 1, transactionsPerDay: 10)

    enum Written: String, CaseIterable, Sendable {
        case personalCSV, personalXLSX, businessClassicXLSX, businessClassicCSV, businessCSV, businessXLSX
    }

    static func write(_ format: Written) throws -> (SyntheticStatement, Data, StatementFormat) {
        switch format {
        case .personalCSV, .personalXLSX:
            let statement = PersonalStatementGenerator.generate(configuration)
            let writer = TabularStatementWriter(layout: .personal)
            return format == .personalCSV
                ? (statement, writer.csv(rows: statement.rows, metadata: statement.metadata), .personalCSV)
                : (statement, try writer.xlsx(rows: statement.rows, metadata: statement.metadata), .personalXLSX)
        case .businessClassicXLSX, .businessClassicCSV:
            let statement = BusinessStatementGenerator.generate(configuration)
            let writer = TabularStatementWriter(layout: .businessClassic)
            return format == .businessClassicCSV
                ? (statement, writer.csv(rows: statement.rows, metadata: statement.metadata), .businessClassicCSV)
                : (statement, try writer.xlsx(rows: statement.rows, metadata: statement.metadata), .businessClassicXLSX)
        case .businessCSV, .businessXLSX:
            let statement = BusinessStatementGenerator.generate(configuration)
            let writer = TabularStatementWriter(layout: .business)
            return format == .businessCSV
                ? (statement, writer.csv(rows: statement.rows, metadata: statement.metadata), .businessCSV)
                : (statement, try writer.xlsx(rows: statement.rows, metadata: statement.metadata), .businessXLSX)
        }
    }

    @Test("every row, amount and balance comes back, the balances chain, and the verdict is unverifiable", arguments: Written.allCases)
    func roundTrip(format: Written) async throws {
        let (statement, data, expectedFormat) = try Self.write(format)
        let parsed = try await StatementParser().parse(data)
        #expect(parsed.metadata.format == expectedFormat)
        #expect(parsed.rows.count == statement.rows.count)
        for (read, written) in zip(parsed.rows, statement.rows) {
            #expect(read.receipt == written.receipt)
            #expect(read.completedAt == written.completedAt)
            #expect(read.details == written.details)
            #expect(read.paidIn == written.paidIn)
            #expect(read.withdrawn == written.withdrawn)
            #expect(read.balance == written.balance)
        }
        #expect(parsed.reconciliation.checks["balance_chain"] == .passed)
        #expect(parsed.reconciliation.verdict == .unverifiable)
        #expect(!parsed.reconciliation.findings.contains { $0.severity == .error })
    }

    @Test("generated rows are classified as the generator meant them, every kind and every leg")
    func classificationMatchesTruth() {
        for profile in BusinessProfile.allCases {
            let statement = PersonalStatementGenerator.generate(GeneratorConfiguration(seed: 77, months: 2, transactionsPerDay: 15, profile: profile))
            for (row, truth) in zip(statement.rows, statement.truth) {
                let result = DetailsClassifier.classify(row.details, direction: row.withdrawn != nil ? .out : .in)
                switch truth.role {
                case .charge: #expect({ if case .charge = result.role { true } else { false } }(), "\(row.details)")
                case .overdraft: #expect(result.role == .overdraft)
                case .primary: #expect(result.kind == truth.kind, "\(row.details)")
                }
            }
        }
    }

    @Test("charges fold into fees and Fuliza draws stand apart, so totals match the statement exactly")
    func normalisationKeepsMoney() async throws {
        let statement = PersonalStatementGenerator.generate(GeneratorConfiguration(seed: 8, months: 2, transactionsPerDay: 12, profile: .bodaRider))
        let parsed = try await StatementParser().parse(PersonalStatementPDFRenderer.renderPlain(statement))
        let net = parsed.transactions.reduce(Int64(0)) { $0 + $1.netCents }
        #expect(net == statement.metadata.closingBalanceCents! - statement.metadata.openingBalanceCents!)
        #expect(Set(parsed.transactions.map(\.identity)).count == parsed.transactions.count)
        #expect(parsed.transactions.contains { $0.kind == .fulizaDraw })
        #expect(parsed.transactions.contains { $0.feeCents > 0 })
        #expect(!parsed.transactions.contains { $0.kind == .charge })
    }

    @Test("an overlapping statement yields the same identities for the same transactions")
    func stableIdentities() async throws {
        let long = PersonalStatementGenerator.generate(GeneratorConfiguration(seed: 12, months: 2, transactionsPerDay: 10))
        // The last month as a statement of its own: statement periods start at midnight, so no receipt is split.
        var short = long
        let cut = try #require(LocalDateTime(year: 2026, month: 3, day: 1))
        short.rows = long.rows.filter { $0.completedAt >= cut }
        #expect(short.rows.count > 50 && short.rows.count < long.rows.count)
        let first = try await StatementParser().parse(TabularStatementWriter(layout: .personal).csv(rows: long.rows, metadata: long.metadata))
        let second = try await StatementParser().parse(TabularStatementWriter(layout: .personal).csv(rows: short.rows, metadata: short.metadata))
        let all = Dictionary(first.transactions.map { ($0.identity, $0) }, uniquingKeysWith: { a, _ in a })
        for transaction in second.transactions {
            let earlier = try #require(all[transaction.identity], "\(transaction.identity) missing from the longer statement")
            #expect(earlier.amountCents == transaction.amountCents)
            #expect(earlier.feeCents == transaction.feeCents)
        }
    }

    @Test("SMS written for a statement's transactions read back to the same transactions")
    func smsRoundTrip() async throws {
        let statement = PersonalStatementGenerator.generate(GeneratorConfiguration(seed: 4, months: 1, transactionsPerDay: 8))
        let transactions = StatementNormalizer.transactions(from: statement.rows)
        var random = SeededRandom(seed: 4)
        let text = SMSRenderer().renderPaste(transactions.map(SMSTransaction.init), using: &random)
        let parsed = try await StatementParser().parse(Data(text.utf8))
        #expect(parsed.metadata.format == .sms)
        #expect(parsed.reconciliation.verdict == .unverifiable)
        let byIdentity = Dictionary(parsed.transactions.map { ($0.identity, $0) }, uniquingKeysWith: { a, _ in a })
        var matched = 0
        for transaction in transactions {
            guard let read = byIdentity[transaction.identity] else { continue }
            matched += 1
            #expect(read.amountCents == transaction.amountCents)
            #expect(read.direction == transaction.direction)
        }
        #expect(matched >= transactions.count * 9 / 10)
    }

    @Test("randomly damaged files of every format never crash the parser", arguments: Written.allCases)
    func fuzz(format: Written) async throws {
        let (_, data, _) = try Self.write(format)
        let original = [UInt8](data)
        var random = SeededRandom(seed: 1234)
        for _ in 0..<30 {
            var bytes = original
            for _ in 0..<(1 + Int(random.next() % 20)) {
                let position = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.remove(at: position)
                default: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
                }
            }
            if random.chance(0.2) { bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count)))) }
            do {
                _ = try await StatementParser().parse(Data(bytes))
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
    }
}
