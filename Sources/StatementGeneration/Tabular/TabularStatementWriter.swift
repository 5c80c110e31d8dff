import Foundation
import MPesaCore
import StatementParsing

/// Writes statement rows as the CSV or XLSX files M-PESA users upload: a personal statement converted to a
/// table, the org-portal classic export (preamble + 13 columns) or the newer org-portal export.
///
/// What it writes reads back through ``TabularStatementReader`` to the same rows, field for field (the reader
/// treats `0.00` in Paid In/Withdrawn as blank, so rows should not carry zero amounts). Options reproduce what
/// real files do: shifted preambles, Details wrapped into continuation rows, date cells, numeric amount cells.
public struct TabularStatementWriter: Sendable {
    /// How the file is laid out beyond its layout's columns.
    public struct Options: Sendable {
        /// Blank rows above the preamble (or above the header when there is none).
        public var blankRowsBeforeTable: Int
        /// Classic layout: add the newer exports' trailing `Currency` column.
        public var includesCurrencyColumn: Bool
        /// Write every line of `rawDetails` after the first as its own row with an empty Receipt No., the way
        /// PDF converters do.
        public var wrapsDetailsIntoContinuationRows: Bool
        /// XLSX: write times as date-styled serial numbers instead of text.
        public var writesDatesAsCells: Bool
        /// XLSX: write amounts as numeric cells instead of text.
        public var writesAmountsAsNumbers: Bool
        /// CSV line endings.
        public var lineEnding: CSVWriter.LineEnding
        /// XLSX: sheets placed before the statement sheet (a cover page, notes).
        public var sheetsBefore: [XLSXWriter.Sheet]
        /// XLSX: put text in the shared-strings table, as Excel does.
        public var usesSharedStrings: Bool

        public init(
            blankRowsBeforeTable: Int = 0, includesCurrencyColumn: Bool = false, wrapsDetailsIntoContinuationRows: Bool = false,
            writesDatesAsCells: Bool = false, writesAmountsAsNumbers: Bool = true, lineEnding: CSVWriter.LineEnding = .crlf,
            sheetsBefore: [XLSXWriter.Sheet] = [], usesSharedStrings: Bool = false
        ) {
            self.blankRowsBeforeTable = blankRowsBeforeTable
            self.includesCurrencyColumn = includesCurrencyColumn
            self.wrapsDetailsIntoContinuationRows = wrapsDetailsIntoContinuationRows
            self.writesDatesAsCells = writesDatesAsCells
            self.writesAmountsAsNumbers = writesAmountsAsNumbers
            self.lineEnding = lineEnding
            self.sheetsBefore = sheetsBefore
            self.usesSharedStrings = usesSharedStrings
        }
    }

    public var layout: TabularLayout
    public var options: Options

    public init(layout: TabularLayout, options: Options = Options()) {
        self.layout = layout
        self.options = options
    }

    /// The statement as CSV.
    public func csv(rows: [StatementRow], metadata: StatementMetadata) -> Data {
        let table = cells(rows: rows, metadata: metadata, container: .csv).map { $0.map(text(of:)) }
        return CSVWriter(lineEnding: options.lineEnding).write(table)
    }

    /// The statement as an XLSX workbook.
    public func xlsx(rows: [StatementRow], metadata: StatementMetadata) throws -> Data {
        let sheetName = layout == .businessClassic ? "transaction" : "Statement"
        let sheet = XLSXWriter.Sheet(name: sheetName, rows: cells(rows: rows, metadata: metadata, container: .xlsx))
        return try XLSXWriter(usesSharedStrings: options.usesSharedStrings).write(options.sheetsBefore + [sheet])
    }

    /// The statement as rows of cells, preamble and header included.
    public func cells(rows: [StatementRow], metadata: StatementMetadata, container: TabularContainer) -> [[XLSXWriter.Cell]] {
        var table: [[XLSXWriter.Cell]] = Array(repeating: [], count: options.blankRowsBeforeTable)
        if layout == .businessClassic { table += preamble(rows: rows, metadata: metadata, container: container) }
        var header = layout.columnTitles
        if layout == .businessClassic, options.includesCurrencyColumn { header.append("Currency") }
        table.append(header.map(XLSXWriter.Cell.text))
        for row in rows {
            let lines = options.wrapsDetailsIntoContinuationRows ? row.rawDetails.components(separatedBy: "\n") : [row.rawDetails]
            table.append(cells(of: row, details: lines[0], container: container))
            for line in lines.dropFirst() {
                var continuation = Array(repeating: XLSXWriter.Cell.empty, count: header.count)
                continuation[detailsColumn] = .text(line)
                table.append(continuation)
            }
        }
        return table
    }

    private var detailsColumn: Int { layout == .businessClassic ? 3 : 2 }

    private func cells(of row: StatementRow, details: String, container: TabularContainer) -> [XLSXWriter.Cell] {
        let paidIn = amount(row.paidIn, container: container)
        let withdrawn = amount(row.withdrawn.map { layout == .business ? $0 : Money(cents: -$0.cents) }, container: container)
        let balance = row.balance.map { amountCell($0, container: container) } ?? .empty
        switch layout {
        case .personal, .business:
            return [
                .text(row.receipt), time(row.completedAt, container: container), .text(details), .text(row.status.printed),
                paidIn, withdrawn, balance,
            ]
        case .businessClassic:
            var cells: [XLSXWriter.Cell] = [
                .text(row.receipt), time(row.completedAt, container: container),
                row.initiatedAt.map { time($0, container: container) } ?? .empty, .text(details), .text(row.status.printed),
                paidIn, withdrawn, balance, container == .xlsx ? .boolean(true) : .text("TRUE"),
                text(row.reasonType), text(row.otherPartyInfo), text(row.linkedTransactionID), text(row.accountNumber),
            ]
            if options.includesCurrencyColumn { cells.append(.text("KES")) }
            return cells
        }
    }

    private func preamble(rows: [StatementRow], metadata: StatementMetadata, container: TabularContainer) -> [[XLSXWriter.Cell]] {
        let counted = rows.filter { $0.status != .failed }
        let paidIn = counted.reduce(Int64(0)) { $0 + ($1.paidIn?.cents ?? 0) }
        let withdrawn = counted.reduce(Int64(0)) { $0 + ($1.withdrawn?.cents ?? 0) }
        func date(_ value: LocalDateTime?) -> XLSXWriter.Cell { value.map { time($0, container: container) } ?? .empty }
        func balance(_ cents: Int64?) -> XLSXWriter.Cell { cents.map { amountCell(Money(cents: $0), container: container) } ?? .empty }
        return [
            [.text("Account Holder:"), text(metadata.organization)],
            [.text("Short Code:"), text(metadata.shortcode)],
            [.text("Account:"), text(metadata.account)],
            [.text("Time Period:"), .text("From"), date(metadata.periodStart), .text("To"), date(metadata.periodEnd)],
            [
                .text("Operator:"), .text("Statement Generator"), .text("Organization:"), text(metadata.organization),
                .text("Date of Report:"), date(metadata.requestDate),
            ],
            [
                .text("Opening Balance:"), balance(metadata.openingBalanceCents), .text("Closing Balance:"),
                balance(metadata.closingBalanceCents), .text("Available Balance:"), balance(metadata.closingBalanceCents),
                .text("Total Paid In:"), amountCell(Money(cents: paidIn), container: container),
                .text("Total Withdrawn:"), amountCell(Money(cents: -withdrawn), container: container),
            ],
        ]
    }

    private func text(_ value: String?) -> XLSXWriter.Cell {
        value.map(XLSXWriter.Cell.text) ?? .empty
    }

    /// Paid In / Withdrawn: blank when absent, except the newer export, which writes `0.00`.
    private func amount(_ money: Money?, container: TabularContainer) -> XLSXWriter.Cell {
        if let money { return amountCell(money, container: container) }
        return layout == .business ? amountCell(.zero, container: container) : .empty
    }

    private func amountCell(_ money: Money, container: TabularContainer) -> XLSXWriter.Cell {
        if container == .xlsx, options.writesAmountsAsNumbers {
            let magnitude = money.cents.magnitude
            let fraction = magnitude % 100
            return .number("\(money.cents < 0 ? "-" : "")\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)")
        }
        return .text(money.decimalString)
    }

    private func time(_ value: LocalDateTime, container: TabularContainer) -> XLSXWriter.Cell {
        if container == .xlsx, options.writesDatesAsCells { return .date(value) }
        func pad(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
        let clock = "\(pad(value.hour)):\(pad(value.minute)):\(pad(value.second))"
        switch layout {
        case .personal: return .text(value.description)
        case .businessClassic: return .text("\(pad(value.day))-\(pad(value.month))-\(value.year) \(clock)")
        case .business: return .text("\(pad(value.day))/\(pad(value.month))/\(value.year) \(clock)")
        }
    }

    private func text(of cell: XLSXWriter.Cell) -> String {
        switch cell {
        case .empty: ""
        case .text(let text), .number(let text), .formulaText(let text): text
        case .boolean(let value): value ? "TRUE" : "FALSE"
        case .date(let date), .builtInDate(let date): date.description
        }
    }
}

