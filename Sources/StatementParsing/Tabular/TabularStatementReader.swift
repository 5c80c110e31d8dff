import Foundation
import MPesaCore

/// Reads an M-PESA statement out of a CSV file, an XLSX workbook or a legacy XLS file, recognising the layout by
/// content: the header row is found by scanning for "Receipt No" and "Completion Time" (never at a fixed row),
/// preamble labels above it give the metadata, and the header's columns tell personal, classic org-portal and
/// newer org-portal exports apart.
///
/// Rows are kept exactly as printed (amounts in cents, Withdrawn as a positive magnitude, blanks and `0.00` in
/// Paid In/Withdrawn as nil, Failed rows kept). A row whose time or amount cannot be read is skipped with an
/// `unreadable_row` finding rather than failing the file, unless no row at all can be read; a row with an empty
/// Receipt No. and only text is a wrapped Details line and is merged into the row above.
public struct TabularStatementReader: Sendable {
    public var limits: TabularLimits

    public init(limits: TabularLimits = .default) {
        self.limits = limits
    }

    /// Reads a CSV statement.
    public func readCSV(_ data: Data) throws(StatementParseError) -> RawStatement {
        guard !Self.isBlank(data) else { throw .notAStatement("the file is empty") }
        let table = try CSVTable(data: data, limits: limits)
        return try read(table, container: .csv)
    }

    /// Reads an XLSX statement from the first sheet that has a statement header.
    public func readXLSX(_ data: Data) throws(StatementParseError) -> RawStatement {
        let workbook = try XLSXWorkbook(data: data, limits: limits)
        return try read(workbook)
    }

    /// Reads a legacy binary `.xls` statement by converting it to XLSX with LibreOffice first.
    public func readXLS(_ data: Data, converter: LegacyXLSConverter = LegacyXLSConverter()) async throws(StatementParseError) -> RawStatement {
        guard data.count <= limits.maxInputBytes else {
            throw .tooLarge("the XLS file is \(data.count) bytes; the limit is \(limits.maxInputBytes) bytes")
        }
        let xlsx = try await converter.convertToXLSX(data)
        return try readXLSX(xlsx)
    }

    /// Reads the first sheet of a workbook that has a statement header.
    public func read(_ workbook: XLSXWorkbook) throws(StatementParseError) -> RawStatement {
        var firstColumnProblem: StatementParseError?
        for index in workbook.sheetNames.indices {
            let sheet = try workbook.sheet(at: index)
            switch locateHeader(in: sheet) {
            case .found(let header):
                return try read(sheet, header: header, container: .xlsx, uses1904DateSystem: workbook.uses1904DateSystem)
            case .wrongColumns(let error):
                if firstColumnProblem == nil { firstColumnProblem = error }
            case .missing:
                continue
            }
        }
        if let firstColumnProblem { throw firstColumnProblem }
        if workbook.sheetNames.isEmpty { throw .notAStatement("the workbook has no sheets") }
        throw .notAStatement(
            "no sheet has a header row with “Receipt No.” and “Completion Time” in its first \(Self.headerScanRows) rows"
        )
    }

    /// Reads one table (a CSV file or one sheet).
    public func read<Sheet: TabularSheet>(
        _ sheet: Sheet, container: TabularContainer, uses1904DateSystem: Bool = false
    ) throws(StatementParseError) -> RawStatement {
        guard sheet.rowCount > 0 else { throw .notAStatement("the file is empty") }
        switch locateHeader(in: sheet) {
        case .found(let header):
            return try read(sheet, header: header, container: container, uses1904DateSystem: uses1904DateSystem)
        case .wrongColumns(let error):
            throw error
        case .missing:
            throw .notAStatement("there is no header row with “Receipt No.” and “Completion Time” in its first \(Self.headerScanRows) rows")
        }
    }

    // MARK: - Header

    /// How far down the header row may sit (the classic preamble takes about 6 rows; converters add more).
    static let headerScanRows = 40

    struct Header {
        var row: Int
        var columns: ColumnIndexes
        var layout: TabularLayout
        var preamble: TabularPreamble
    }

    struct ColumnIndexes {
        var receipt = -1, completionTime = -1, initiationTime = -1, details = -1, status = -1
        var paidIn = -1, withdrawn = -1, balance = -1
        var reasonType = -1, otherPartyInfo = -1, linkedTransactionID = -1, accountNumber = -1
        var found: Set<TabularColumn> = []

        mutating func assign(_ column: TabularColumn, _ index: Int) {
            guard !found.contains(column) else { return }
            found.insert(column)
            switch column {
            case .receipt: receipt = index
            case .completionTime: completionTime = index
            case .initiationTime: initiationTime = index
            case .details: details = index
            case .status: status = index
            case .paidIn: paidIn = index
            case .withdrawn: withdrawn = index
            case .balance: balance = index
            case .reasonType: reasonType = index
            case .otherPartyInfo: otherPartyInfo = index
            case .linkedTransactionID: linkedTransactionID = index
            case .accountNumber: accountNumber = index
            case .balanceConfirmed, .currency: break
            }
        }
    }

    enum HeaderSearch {
        case found(Header)
        case wrongColumns(StatementParseError)
        case missing
    }

    func locateHeader(in sheet: some TabularSheet) -> HeaderSearch {
        var candidate: (row: Int, cells: [String], columns: ColumnIndexes)?
        for row in 0..<min(sheet.rowCount, Self.headerScanRows) {
            let cells = sheet.cells(ofRow: row).map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
            var columns = ColumnIndexes()
            var sawReceiptWord = false
            for (index, text) in cells.enumerated() where !text.isEmpty {
                if let column = TabularColumn(header: text) { columns.assign(column, index) }
                if TabularColumn.normalize(text).hasPrefix("receipt") { sawReceiptWord = true }
            }
            if TabularColumn.required.allSatisfy(columns.found.contains) {
                let rawHeader = cells.joined(separator: "|").lowercased()
                let preamble = TabularPreamble(sheet: sheet, rows: 0..<row, uses1904DateSystem: false)
                let layout: TabularLayout
                if preamble.isClassic || !columns.found.isDisjoint(with: TabularColumn.classicOnly) {
                    layout = .businessClassic
                } else if rawHeader.contains("(ksh") || preamble.isBusinessTitle {
                    layout = .business
                } else {
                    layout = .personal
                }
                return .found(Header(row: row, columns: columns, layout: layout, preamble: preamble))
            }
            let known = columns.found.count
            if candidate == nil, (sawReceiptWord && known >= 1 && cells.filter({ !$0.isEmpty }).count >= 2) || known >= 3 {
                candidate = (row, cells, columns)
            }
        }
        guard let candidate else { return .missing }
        let found = candidate.cells.filter { !$0.isEmpty }
        let expected: TabularLayout =
            !candidate.columns.found.isDisjoint(with: TabularColumn.classicOnly) ? .businessClassic
            : found.contains(where: { $0.lowercased().contains("(ksh") }) ? .business : .personal
        return .wrongColumns(.unexpectedColumns(expected: expected.columnTitles, found: found))
    }

    // MARK: - Rows

    private func read<Sheet: TabularSheet>(
        _ sheet: Sheet, header: Header, container: TabularContainer, uses1904DateSystem: Bool
    ) throws(StatementParseError) -> RawStatement {
        var preamble = header.preamble
        if uses1904DateSystem {
            preamble = TabularPreamble(sheet: sheet, rows: 0..<header.row, uses1904DateSystem: true)
        }
        var metadata = StatementMetadata(format: header.layout.format(in: container))
        preamble.apply(to: &metadata)

        var reading = RowReading(sheet: sheet, header: header, uses1904DateSystem: uses1904DateSystem)
        reading.rows.reserveCapacity(sheet.rowCount - header.row)
        for row in (header.row + 1)..<max(header.row + 1, sheet.rowCount) {
            reading.readRow(row)
        }
        if reading.rows.isEmpty, reading.unreadableRows > 0 {
            throw .notAStatement(
                "none of the \(reading.unreadableRows) rows under the header could be read; \(reading.firstProblem ?? "")"
            )
        }
        return RawStatement(
            metadata: metadata,
            summary: header.layout == .businessClassic ? preamble.summary : nil,
            rows: reading.rows,
            readingFindings: reading.findings
        )
    }

    /// The state of reading the rows under one header.
    private struct RowReading<Sheet: TabularSheet> {
        let sheet: Sheet
        let header: Header
        let columns: ColumnIndexes
        let uses1904DateSystem: Bool
        var rows: [StatementRow] = []
        var findings: [Finding] = []
        var unreadableRows = 0
        var firstProblem: String?

        init(sheet: Sheet, header: Header, uses1904DateSystem: Bool) {
            self.sheet = sheet
            self.header = header
            self.columns = header.columns
            self.uses1904DateSystem = uses1904DateSystem
        }

        private func cell(_ row: Int, _ column: Int) -> TabularCell {
            column < 0 ? .empty : sheet.cell(row: row, column: column)
        }

        /// Trimmed text; nil when blank.
        private func text(_ row: Int, _ column: Int) -> String? {
            let value = cell(row, column)
            switch value {
            case .empty: return nil
            case .text(let text):
                let trimmed = Self.trimmed(text)
                return trimmed.isEmpty ? nil : trimmed
            default:
                let text = value.text
                return text.isEmpty ? nil : text
            }
        }

        static func trimmed(_ text: String) -> String {
            guard let first = text.utf8.first, let last = text.utf8.last else { return text }
            if first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return text }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        mutating func readRow(_ row: Int) {
            let line = sheet.line(ofRow: row)
            guard let receipt = text(row, columns.receipt) else {
                readRowWithoutReceipt(row, line: line)
                return
            }
            if receipt.utf8.count >= 7, receipt.utf8.prefix(7).map({ $0 | 0x20 }).elementsEqual("receipt".utf8),
                TabularColumn(header: receipt) == .receipt
            {
                findings.append(Finding(code: "repeated_header_skipped", severity: .info, message: "line \(line) repeats the header row; skipped"))
                return
            }
            let completionCell = cell(row, columns.completionTime)
            guard let completedAt = TabularValueParser.dateTime(completionCell, uses1904DateSystem: uses1904DateSystem) else {
                if completionCell.isBlank, receipt.utf8.contains(0x20) || receipt.utf8.count > 24, isTextOnly(row) {
                    findings.append(Finding(
                        code: "skipped_text_row", severity: .warning,
                        message: "line \(line) is text outside the table (“\(receipt.prefix(60))”); skipped"
                    ))
                    return
                }
                unreadable(line: line, receipt: receipt, "the Completion Time “\(completionCell.text)” is not a date and time")
                return
            }
            var initiatedAt: LocalDateTime?
            if columns.initiationTime >= 0 {
                let initiation = cell(row, columns.initiationTime)
                if !initiation.isBlank {
                    guard let value = TabularValueParser.dateTime(initiation, uses1904DateSystem: uses1904DateSystem) else {
                        unreadable(line: line, receipt: receipt, "the Initiation Time “\(initiation.text)” is not a date and time")
                        return
                    }
                    initiatedAt = value
                }
            }
            guard let paidIn = amount(row, columns.paidIn, "Paid In", line: line, receipt: receipt),
                let withdrawn = amount(row, columns.withdrawn, "Withdrawn", line: line, receipt: receipt),
                let balance = amount(row, columns.balance, "Balance", line: line, receipt: receipt)
            else { return }
            let rawDetails = text(row, columns.details) ?? ""
            let statusText = text(row, columns.status) ?? ""
            let status: TransactionStatus = statusText == "Completed" ? .completed : TransactionStatus(parsing: statusText)
            let withdrawnMagnitude = withdrawn.flatMap { $0.cents == 0 ? nil : Money(cents: $0.cents == .min ? .max : abs($0.cents)) }
            rows.append(StatementRow(
                receipt: receipt,
                completedAt: completedAt,
                initiatedAt: initiatedAt,
                details: TextNormalization.joinWrapped(text: rawDetails),
                rawDetails: rawDetails,
                status: status,
                paidIn: paidIn.flatMap { $0.cents == 0 ? nil : $0 },
                withdrawn: withdrawnMagnitude,
                balance: balance,
                reasonType: text(row, columns.reasonType),
                otherPartyInfo: text(row, columns.otherPartyInfo),
                accountNumber: text(row, columns.accountNumber),
                linkedTransactionID: text(row, columns.linkedTransactionID),
                source: RowSource(line: line, index: rows.count)
            ))
        }

        /// An amount cell: `.some(nil)` when blank, nil (after recording a finding) when unreadable.
        private mutating func amount(_ row: Int, _ column: Int, _ name: String, line: Int, receipt: String) -> Money?? {
            let value = cell(row, column)
            switch TabularValueParser.amount(value) {
            case .blank: return .some(nil)
            case .value(let money): return .some(money)
            case .unreadable:
                unreadable(line: line, receipt: receipt, "the \(name) “\(value.text)” is not an amount")
                return nil
            }
        }

        private func isTextOnly(_ row: Int) -> Bool {
            for column in 0..<sheet.columnCount(ofRow: row) {
                switch sheet.cell(row: row, column: column) {
                case .empty, .text: continue
                default: return false
                }
            }
            for column in [columns.paidIn, columns.withdrawn, columns.balance, columns.completionTime] where !cell(row, column).isBlank {
                return false
            }
            return true
        }

        /// A row with no receipt: a wrapped Details line to merge, or junk to report.
        private mutating func readRowWithoutReceipt(_ row: Int, line: Int) {
            var pieces: [String] = []
            for column in 0..<sheet.columnCount(ofRow: row) {
                if let piece = text(row, column) { pieces.append(piece) }
            }
            guard !pieces.isEmpty else { return }
            guard isTextOnly(row) else {
                unreadable(line: line, receipt: nil, "it has amounts or a time but no Receipt No.")
                return
            }
            // Prefer the Details cell; converters sometimes shift the text into a neighbouring column.
            let continuation = text(row, columns.details) ?? pieces.joined(separator: " ")
            guard var previous = rows.popLast() else {
                findings.append(Finding(
                    code: "skipped_text_row", severity: .warning,
                    message: "line \(line) has text but no Receipt No. and no row above it to continue; skipped"
                ))
                return
            }
            previous.rawDetails = previous.rawDetails.isEmpty ? continuation : previous.rawDetails + "\n" + continuation
            previous.details = TextNormalization.joinWrapped(text: previous.rawDetails)
            rows.append(previous)
            findings.append(Finding(
                code: "wrapped_details_merged", severity: .info,
                message: "line \(line) continues the Details of line \(previous.source.line); merged into that row",
                rowIndex: previous.source.index, receipt: previous.receipt
            ))
        }

        private mutating func unreadable(line: Int, receipt: String?, _ why: String) {
            unreadableRows += 1
            let message = "line \(line)\(receipt.map { " (\($0))" } ?? ""): \(why); the row was skipped"
            if firstProblem == nil { firstProblem = message }
            findings.append(Finding(code: "unreadable_row", severity: .error, message: message, receipt: receipt))
        }
    }

    private static func isBlank(_ data: Data) -> Bool {
        data.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0x2C || $0 == 0x00 }
            || data.elementsEqual([0xEF, 0xBB, 0xBF]) || data.elementsEqual([0xFF, 0xFE]) || data.elementsEqual([0xFE, 0xFF])
    }
}
