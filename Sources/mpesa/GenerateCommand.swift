import ArgumentParser
import Foundation
import MPesaCore
import StatementGeneration
import StatementParsing

struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a realistic synthetic statement for demos, tests and benchmarks.",
        discussion: """
            The same seed always writes the same file. Personal statements follow Safaricom's PDF layout (wrapped details, \
            multi-row receipts, rows split across pages, a verification code on every page) and can be encrypted as \
            Safaricom sends them; business statements follow the org portal's exports.

            Examples:
              mpesa generate --format personal-pdf --months 6 --password 12345678 --output statement.pdf
              mpesa generate --format business-classic-xlsx --months 1 --output org.xlsx
              mpesa generate --format sms --months 1 --output messages.txt
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case personalPDF = "personal-pdf"
        case personalCSV = "personal-csv"
        case personalXLSX = "personal-xlsx"
        case businessClassicXLSX = "business-classic-xlsx"
        case businessClassicCSV = "business-classic-csv"
        case businessCSV = "business-csv"
        case businessXLSX = "business-xlsx"
        case sms
    }

    @Option(help: "One of: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .personalPDF

    @Option(help: "Months of history.")
    var months: Int = 3

    @Option(name: .customLong("per-day"), help: "Average transactions per day.")
    var perDay: Double = 12

    @Option(help: "Business profile: \(BusinessProfile.allCases.map(\.rawValue).joined(separator: ", ")).")
    var profile: String = BusinessProfile.retailShop.rawValue

    @Option(help: "Random seed; the same seed writes the same statement.")
    var seed: UInt64 = 42

    @Option(help: "Encrypt the personal PDF with this password (needs qpdf).")
    var password: String?

    @Option(help: "The last day of the statement period, YYYY-MM-DD.")
    var end: String = "2026-03-31"

    @Option(name: .shortAndLong, help: "Where to write the file.")
    var output: String

    func validate() throws {
        guard (1...24).contains(months) else { throw ValidationError("--months must be between 1 and 24") }
        guard perDay > 0, perDay <= 2_000 else { throw ValidationError("--per-day must be between 0 and 2000") }
        guard BusinessProfile(rawValue: profile) != nil else {
            throw ValidationError("--profile must be one of \(BusinessProfile.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard LocalDateTime(parsing: end) != nil else { throw ValidationError("--end must be a date YYYY-MM-DD") }
        if password != nil, format != .personalPDF { throw ValidationError("--password only applies to --format personal-pdf") }
    }

    func run() async throws {
        try await CommandFailure.reporting {
            let configuration = GeneratorConfiguration(
                seed: seed, months: months, transactionsPerDay: perDay, profile: BusinessProfile(rawValue: profile)!,
                endDate: LocalDateTime(parsing: end)!
            )
            let data: Data
            var rows = 0
            switch format {
            case .personalPDF:
                let statement = PersonalStatementGenerator.generate(configuration)
                rows = statement.rows.count
                do {
                    data = try await PersonalStatementPDFRenderer.render(statement, password: password)
                } catch {
                    throw CommandFailure("cannot encrypt the PDF: \(error) (is qpdf installed?)")
                }
            case .personalCSV, .personalXLSX:
                let statement = PersonalStatementGenerator.generate(configuration)
                rows = statement.rows.count
                let writer = TabularStatementWriter(layout: .personal)
                data = format == .personalCSV ? writer.csv(rows: statement.rows, metadata: statement.metadata) : try writer.xlsx(rows: statement.rows, metadata: statement.metadata)
            case .businessClassicXLSX, .businessClassicCSV, .businessCSV, .businessXLSX:
                let statement = BusinessStatementGenerator.generate(configuration)
                rows = statement.rows.count
                let layout: TabularLayout = format == .businessCSV || format == .businessXLSX ? .business : .businessClassic
                let writer = TabularStatementWriter(layout: layout)
                let isCSV = format == .businessClassicCSV || format == .businessCSV
                data = isCSV ? writer.csv(rows: statement.rows, metadata: statement.metadata) : try writer.xlsx(rows: statement.rows, metadata: statement.metadata)
            case .sms:
                let statement = PersonalStatementGenerator.generate(configuration)
                let transactions = StatementNormalizer.transactions(from: statement.rows)
                rows = transactions.count
                var random = SeededRandom(seed: seed)
                data = Data(SMSRenderer().renderPaste(transactions.map(SMSTransaction.init), using: &random).utf8)
            }
            guard FileManager.default.createFile(atPath: output, contents: data) else {
                throw CommandFailure("cannot write \(output)")
            }
            print("wrote \(output): \(format.rawValue), \(rows) rows, \(data.count) bytes")
        }
    }
}
