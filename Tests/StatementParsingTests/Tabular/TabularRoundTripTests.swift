import Foundation
import MPesaCore
import StatementGeneration
import StatementParsing
import Testing

@Suite("Tabular statement round trips")
struct TabularRoundTripTests {
    /// One way of writing a statement file.
    struct Variant: Sendable, CustomTestStringConvertible {
        var layout: TabularLayout
        var container: TabularContainer
        var options: TabularStatementWriter.Options
        var label: String

        var testDescription: String { "\(layout.rawValue) \(container.rawValue) \(label)" }
    }

    static let variants: [Variant] = {
        var variants: [Variant] = []
        for layout in TabularLayout.allCases {
            variants.append(Variant(layout: layout, container: .csv, options: .init(), label: "CRLF"))
            variants.append(Variant(layout: layout, container: .csv, options: .init(lineEnding: .lf), label: "LF"))
            variants.append(Variant(layout: layout, container: .xlsx, options: .init(), label: "text times, numeric amounts"))
            variants.append(Variant(
                layout: layout, container: .xlsx, options: .init(writesDatesAsCells: true, writesAmountsAsNumbers: false, usesSharedStrings: true),
                label: "date cells, text amounts, shared strings"
            ))
            variants.append(Variant(
                layout: layout, container: .csv, options: .init(blankRowsBeforeTable: 4, wrapsDetailsIntoContinuationRows: true),
                label: "shifted, wrapped Details"
            ))
            variants.append(Variant(
                layout: layout, container: .xlsx,
                options: .init(blankRowsBeforeTable: 2, includesCurrencyColumn: true, wrapsDetailsIntoContinuationRows: true, writesDatesAsCells: true),
                label: "shifted, wrapped Details, date cells, currency"
            ))
        }
        return variants
    }()

    @Test("writing a statement and reading it back gives the same rows, amounts and balances", arguments: variants)
    func roundTrip(variant: Variant) throws {
        let rows = TabularFixtures.rows(for: variant.layout)
        let metadata = TabularFixtures.metadata(for: variant.layout)
        let writer = TabularStatementWriter(layout: variant.layout, options: variant.options)
        let reader = TabularStatementReader()
        let statement =
            switch variant.container {
            case .csv: try reader.readCSV(writer.csv(rows: rows, metadata: metadata))
            case .xlsx: try reader.readXLSX(writer.xlsx(rows: rows, metadata: metadata))
            }
        #expect(statement.metadata.format == variant.layout.format(in: variant.container))
        #expect(statement.rows.count == rows.count)
        for (read, written) in zip(TabularFixtures.withoutSource(statement.rows), rows) {
            #expect(read == written)
        }
        #expect(statement.rows.map(\.source.index) == Array(rows.indices))
        let lines = statement.rows.map(\.source.line)
        #expect(lines == lines.sorted() && Set(lines).count == lines.count)
        #expect(statement.rows.map(\.paidIn) == rows.map(\.paidIn))
        #expect(statement.rows.map(\.withdrawn) == rows.map(\.withdrawn))
        #expect(statement.rows.map(\.balance) == rows.map(\.balance))
        #expect(!statement.readingFindings.contains { $0.severity == .error })
        if variant.options.wrapsDetailsIntoContinuationRows {
            let wrappedLines = rows.map { $0.rawDetails.components(separatedBy: "\n").count - 1 }.reduce(0, +)
            #expect(statement.readingFindings.filter { $0.code == "wrapped_details_merged" }.count == wrappedLines)
        }
        if variant.layout == .businessClassic {
            #expect(statement.metadata.organization == metadata.organization)
            #expect(statement.metadata.shortcode == metadata.shortcode)
            #expect(statement.metadata.periodStart == metadata.periodStart)
            #expect(statement.metadata.periodEnd == metadata.periodEnd)
            #expect(statement.metadata.requestDate == metadata.requestDate)
            #expect(statement.metadata.openingBalanceCents == metadata.openingBalanceCents)
            #expect(statement.metadata.closingBalanceCents == metadata.closingBalanceCents)
        }
    }

    @Test("a statement saved as UTF-16 with a byte order mark reads like its UTF-8 original", arguments: [true, false])
    func utf16Statement(littleEndian: Bool) throws {
        let rows = TabularFixtures.personalRows
        let csv = TabularStatementWriter(layout: .personal).csv(rows: rows, metadata: StatementMetadata(format: .personalCSV))
        let text = String(decoding: csv, as: UTF8.self)
        let utf16 = Data(littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]) + text.data(using: littleEndian ? .utf16LittleEndian : .utf16BigEndian)!
        let statement = try TabularStatementReader().readCSV(utf16)
        #expect(TabularFixtures.withoutSource(statement.rows) == rows)
    }

    @Test("a large generated statement reads back row for row")
    func largeStatement() throws {
        var rows: [StatementRow] = []
        var balance: Int64 = 10_000_000
        for index in 0..<5_000 {
            let amount = Int64(1 + (index * 7_919) % 2_500_000)
            let isIn = index % 4 == 0
            balance += isIn ? amount : -amount
            let time = TabularFixtures.time(2024, 1 + index % 12, 1 + index % 28, index % 24, index % 60, (index * 7) % 60)
            rows.append(StatementRow(
                receipt: "SJE\(100_000_0 + index)", completedAt: time, details: "Customer Transfer to - 2547******\(index % 1000) NAME \(index), \"X\"",
                status: index % 97 == 0 ? .failed : .completed, paidIn: isIn ? Money(cents: amount) : nil, withdrawn: isIn ? nil : Money(cents: amount),
                balance: Money(cents: balance), source: RowSource(line: 0, index: 0)
            ))
        }
        let reader = TabularStatementReader()
        for container in [TabularContainer.csv, .xlsx] {
            let writer = TabularStatementWriter(layout: .personal)
            let data = container == .csv ? writer.csv(rows: rows, metadata: StatementMetadata(format: .personalCSV)) : try writer.xlsx(rows: rows, metadata: StatementMetadata(format: .personalXLSX))
            let statement = container == .csv ? try reader.readCSV(data) : try reader.readXLSX(data)
            #expect(TabularFixtures.withoutSource(statement.rows) == rows)
        }
    }
}
