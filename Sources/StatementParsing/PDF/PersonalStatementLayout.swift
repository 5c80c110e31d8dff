import MPesaCore

/// Rebuilds a personal M-PESA statement from the positioned words of its pages (§1.2–1.6 of the formats
/// reference): the header and SUMMARY of page 1, then on every page the DETAILED STATEMENT rows, whose columns
/// come from the x positions of that page's column header, with wrapped Details joined, the repeated header and
/// the footer block dropped, and the page number and verification code kept as evidence.
public enum PersonalStatementLayout {
    /// One visual line: words at the same height, left to right.
    struct Line {
        var words: [PDFTextDocument.Word]
        var text: String
        var y: Double
    }

    /// The x positions of a page's columns, from its `Receipt No. … Balance` header line.
    struct Columns {
        var completion: Double
        var details: Double
        var status: Double
        /// Anchors of the three amount columns (left, centre and right of the header words).
        var paidIn: (min: Double, center: Double, max: Double)
        var withdrawn: (min: Double, center: Double, max: Double)
        var balance: (min: Double, center: Double, max: Double)
    }

    public static func read(_ document: PDFTextDocument) throws(StatementParseError) -> RawStatement {
        var metadata = StatementMetadata(format: .personalPDF)
        metadata.pageCount = document.pages.count
        metadata.pdfInfo = document.info
        var summary: StatementSummary?
        var rows: [StatementRow] = []
        var findings: [Finding] = []
        var pageNumbers: [PDFEvidence.PageNumber?] = []
        var codes: [String?] = []
        var sawStatementMarker = false
        var lastColumns: Columns?

        for (pageIndex, page) in document.pages.enumerated() {
            let pageNumber = pageIndex + 1
            let lines = lines(of: page)
            var number: PDFEvidence.PageNumber?
            var code: String?
            var columns: Columns?
            var inFooter = false
            var inSummary = false
            var summaryLines: [StatementSummary.Line] = []
            var summaryTotal: (Int64, Int64)?
            var pending: PendingRow?
            var lineOnPage = 0

            func closePending() {
                guard let row = pending else { return }
                pending = nil
                switch row.finish(index: rows.count) {
                case .row(let finished): rows.append(finished)
                case .problem(let finding): findings.append(finding)
                }
            }

            for line in lines {
                let text = line.text
                if number == nil, let parsed = parsePageNumber(text) {
                    number = parsed
                    continue
                }
                if inFooter {
                    if code == nil, isVerificationCode(text) { code = text }
                    continue
                }
                if text.hasPrefixIgnoringCase("Disclaimer") {
                    closePending()
                    inFooter = true
                    continue
                }
                if text.hasPrefixIgnoringCase("M-PESA STATEMENT") || text.hasPrefixIgnoringCase("M-PESA FULL STATEMENT") {
                    sawStatementMarker = true
                    if text.hasPrefixIgnoringCase("M-PESA FULL STATEMENT") {
                        throw .unsupported("This looks like a business (till or paybill) PDF statement, which is not supported yet; export the statement as CSV or Excel from the M-PESA org portal instead")
                    }
                    continue
                }
                if columns == nil, let found = columnHeader(line) {
                    columns = found
                    lastColumns = found
                    inSummary = false
                    continue
                }
                if columns == nil {
                    if pageIndex == 0 { readHeaderField(text, into: &metadata) }
                    if text.uppercased() == "SUMMARY" {
                        inSummary = true
                        continue
                    }
                    if inSummary, let summaryLine = parseSummaryLine(text) {
                        if summaryLine.label.uppercased().hasPrefix("TOTAL") {
                            summaryTotal = (summaryLine.paidInCents, summaryLine.paidOutCents)
                        } else {
                            summaryLines.append(summaryLine)
                        }
                    }
                    if text.uppercased().hasPrefix("DETAILED STATEMENT") { inSummary = false }
                    continue
                }
                guard let columns else { continue }
                lineOnPage += 1
                if let start = rowStart(line, columns: columns, page: pageNumber, line: lineOnPage) {
                    closePending()
                    pending = start
                } else if pending != nil {
                    pending!.absorbContinuation(line, columns: columns)
                } else if !line.words.isEmpty {
                    // Text between the header and the first row that is not a row: a row cut across the page break
                    // arrives here only if a single row's Details spilled, which statements never do (§4.3).
                    findings.append(Finding(code: "stray_text", severity: .info, message: "Page \(pageNumber): ignored text \"\(text.prefix(60))\" before the first row", page: pageNumber))
                }
            }
            closePending()
            if pageIndex == 0, let total = summaryTotal {
                summary = StatementSummary(lines: summaryLines, totalPaidInCents: total.0, totalPaidOutCents: total.1)
            }
            if columns == nil, pageIndex > 0, lastColumns != nil, !lines.isEmpty {
                findings.append(Finding(code: "page_without_table", severity: .warning, message: "Page \(pageNumber) has no statement table", page: pageNumber))
            }
            pageNumbers.append(number)
            codes.append(code)
        }

        guard lastColumns != nil else {
            throw .notAStatement(sawStatementMarker
                ? "it has the M-PESA STATEMENT heading but no DETAILED STATEMENT table"
                : "no M-PESA statement table (Receipt No., Completion Time, Details …) was found")
        }
        let distinctCodes = Set(codes.compactMap { $0 })
        metadata.verificationCode = distinctCodes.count == 1 ? distinctCodes.first : codes.compactMap { $0 }.first
        return RawStatement(
            metadata: metadata,
            summary: summary,
            rows: rows,
            readingFindings: findings,
            pdfEvidence: PDFEvidence(pageNumbers: pageNumbers, verificationCodes: codes, info: document.info)
        )
    }

    // MARK: - Lines

    /// Groups a page's words into lines: words whose vertical centres lie within a third of a line height.
    static func lines(of page: PDFTextDocument.Page) -> [Line] {
        let words = page.words.sorted { $0.yCenter == $1.yCenter ? $0.xMin < $1.xMin : $0.yCenter < $1.yCenter }
        var lines: [Line] = []
        var current: [PDFTextDocument.Word] = []
        var currentY = 0.0
        for word in words {
            let tolerance = max((word.yMax - word.yMin) * 0.35, 1.0)
            if !current.isEmpty, abs(word.yCenter - currentY) > tolerance {
                lines.append(makeLine(current))
                current = []
            }
            if current.isEmpty { currentY = word.yCenter }
            current.append(word)
        }
        if !current.isEmpty { lines.append(makeLine(current)) }
        return lines
    }

    private static func makeLine(_ words: [PDFTextDocument.Word]) -> Line {
        let sorted = words.sorted { $0.xMin < $1.xMin }
        return Line(words: sorted, text: sorted.map(\.text).joined(separator: " "), y: sorted[0].yCenter)
    }

    // MARK: - Header, summary, footer

    static func parsePageNumber(_ text: String) -> PDFEvidence.PageNumber? {
        let parts = text.split(separator: " ")
        guard parts.count == 4, parts[0].lowercased() == "page", parts[2].lowercased() == "of",
            let page = Int(parts[1]), let of = Int(parts[3]), page >= 1, of >= 1
        else { return nil }
        return PDFEvidence.PageNumber(page: page, of: of)
    }

    static func isVerificationCode(_ text: String) -> Bool {
        text.utf8.count == 8 && text.utf8.allSatisfy { (48...57).contains($0) || (65...90).contains($0) }
    }

    static func readHeaderField(_ text: String, into metadata: inout StatementMetadata) {
        func value(after label: String) -> String? {
            guard let rest = text.dropPrefixIgnoringCase(label) else { return nil }
            let trimmed = rest.drop(while: { $0 == ":" || $0 == " " })
            return trimmed.isEmpty ? nil : String(trimmed)
        }
        if let name = value(after: "Customer Name") {
            metadata.customerName = name
        } else if let mobile = value(after: "Mobile Number") {
            metadata.maskedMobile = StatementMetadata.mask(mobile)
        } else if let email = value(after: "Email Address") {
            metadata.email = email
        } else if let period = value(after: "Statement Period") {
            let halves = period.components(separatedBy: " - ")
            if halves.count == 2 {
                metadata.periodStart = parseDayMonthYear(halves[0])
                metadata.periodEnd = parseDayMonthYear(halves[1])
            }
        } else if let date = value(after: "Request Date") ?? value(after: "Date of Statement") {
            metadata.requestDate = parseDayMonthYear(date)
        }
    }

    static let monthAbbreviations = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// `30 Sep 2025` → 2025-09-30.
    static func parseDayMonthYear(_ text: String) -> LocalDateTime? {
        let parts = text.split(separator: " ")
        guard parts.count == 3, let day = Int(parts[0]), let year = Int(parts[2]),
            let month = monthAbbreviations.firstIndex(of: String(parts[1].prefix(3)).lowercased())
        else { return nil }
        return LocalDateTime(year: year, month: month + 1, day: day)
    }

    /// `SEND MONEY: 0.00 62,804.00` → the label and both amounts.
    static func parseSummaryLine(_ text: String) -> StatementSummary.Line? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        let label = String(text[...colon])
        let numbers = text[text.index(after: colon)...].split(separator: " ")
        guard numbers.count == 2, let paidIn = try? Money(parsing: numbers[0]), let paidOut = try? Money(parsing: numbers[1]) else { return nil }
        return StatementSummary.Line(label: label, paidInCents: paidIn.cents, paidOutCents: abs(paidOut.cents))
    }

    // MARK: - The table

    /// The column positions, if `line` is the `Receipt No. Completion Time Details Transaction Status Paid In
    /// Withdrawn Balance` header.
    static func columnHeader(_ line: Line) -> Columns? {
        let words = line.words
        func word(_ text: String, after start: Int = 0) -> Int? {
            words.indices.first { $0 >= start && words[$0].text.lowercased().hasPrefix(text) }
        }
        guard let receipt = word("receipt"), let completion = word("completion", after: receipt), let details = word("details", after: completion),
            let transaction = word("transaction", after: details), let paid = word("paid", after: transaction),
            let withdrawn = word("withdrawn", after: paid), let balance = word("balance", after: withdrawn)
        else { return nil }
        // "Paid In" is two words; its box spans both.
        let paidEnd = (paid + 1 < withdrawn && words[paid + 1].text.lowercased() == "in") ? paid + 1 : paid
        func anchor(_ first: Int, _ last: Int) -> (Double, Double, Double) {
            (words[first].xMin, (words[first].xMin + words[last].xMax) / 2, words[last].xMax)
        }
        return Columns(
            completion: words[completion].xMin,
            details: words[details].xMin,
            status: words[transaction].xMin,
            paidIn: anchor(paid, paidEnd),
            withdrawn: anchor(withdrawn, withdrawn),
            balance: anchor(balance, balance)
        )
    }

    /// A row begins with a receipt number in the receipt column followed by a date and a time (§4.4: never a
    /// receipt-looking token alone).
    static func rowStart(_ line: Line, columns: Columns, page: Int, line lineNumber: Int) -> PendingRow? {
        let words = line.words
        guard words.count >= 3, words[0].xMin < columns.completion - 1, isReceipt(words[0].text),
            let date = words.dropFirst().first(where: { $0.xMin >= columns.completion - 2 && $0.xMin < columns.details - 1 }),
            let dateIndex = words.firstIndex(of: date), dateIndex + 1 < words.count
        else { return nil }
        let time = words[dateIndex + 1]
        guard let completedAt = LocalDateTime(parsing: "\(date.text) \(time.text)") else { return nil }
        var row = PendingRow(receipt: words[0].text, completedAt: completedAt, page: page, line: lineNumber)
        row.absorb(Array(words[(dateIndex + 2)...]), columns: columns)
        return row
    }

    static func isReceipt(_ text: String) -> Bool {
        (8...12).contains(text.utf8.count) && text.utf8.allSatisfy { (48...57).contains($0) || (65...90).contains($0) }
    }

    static func isAmount(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 4, bytes[bytes.count - 3] == UInt8(ascii: ".") else { return false }
        return bytes.enumerated().allSatisfy { index, byte in
            (48...57).contains(byte) || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ".") || (byte == UInt8(ascii: "-") && index == 0)
        }
    }

    enum RowOutcome {
        case row(StatementRow)
        case problem(Finding)
    }

    /// A row being assembled from its first line and the continuation lines below it.
    struct PendingRow {
        var receipt: String
        var completedAt: LocalDateTime
        var detailsLines: [[String]] = []
        var statusWords: [String] = []
        var amounts: [(text: String, word: PDFTextDocument.Word)] = []
        var page: Int
        var line: Int
        var columnsSeen: Columns?

        init(receipt: String, completedAt: LocalDateTime, page: Int, line: Int) {
            self.receipt = receipt
            self.completedAt = completedAt
            self.page = page
            self.line = line
        }

        mutating func absorb(_ words: [PDFTextDocument.Word], columns: Columns) {
            columnsSeen = columns
            var details: [String] = []
            for word in words {
                if word.xMin >= columns.status - 2, isAmount(word.text) {
                    amounts.append((word.text, word))
                } else if word.xMin >= columns.status - 2 {
                    statusWords.append(word.text)
                } else {
                    details.append(word.text)
                }
            }
            if !details.isEmpty { detailsLines.append(details) }
        }

        mutating func absorbContinuation(_ line: Line, columns: Columns) {
            absorb(line.words.filter { $0.xMin >= columns.details - 2 }, columns: columns)
        }

        /// The finished row, or a finding explaining why the row could not be read.
        func finish(index: Int) -> RowOutcome {
            guard let columns = columnsSeen else {
                return .problem(Finding(code: "unreadable_row", severity: .error, message: "Row \(receipt) has no columns", receipt: receipt, page: page))
            }
            var paidIn: Money?
            var withdrawn: Money?
            var balance: Money?
            for (text, word) in amounts {
                guard let value = try? Money(parsing: text) else { continue }
                func distance(_ anchor: (min: Double, center: Double, max: Double)) -> Double {
                    min(abs(word.xMin - anchor.min), abs(word.xCenter - anchor.center), abs(word.xMax - anchor.max))
                }
                let candidates: [(Double, Int)] = [(distance(columns.paidIn), 0), (distance(columns.withdrawn), 1), (distance(columns.balance), 2)]
                var column = candidates.min { $0.0 < $1.0 }!.1
                // The sign settles Paid In against Withdrawn where the positions are ambiguous.
                if column != 2 { column = value.cents < 0 ? 1 : (column == 1 && value.cents >= 0 ? 0 : column) }
                switch column {
                case 0 where paidIn == nil: paidIn = value
                case 1 where withdrawn == nil: withdrawn = Money(cents: abs(value.cents))
                case 2 where balance == nil: balance = value
                default:
                    return .problem(Finding(code: "unreadable_row", severity: .error, message: "Row \(receipt) on page \(page) has more amounts than columns", receipt: receipt, page: page))
                }
            }
            let raw = detailsLines.map { $0.joined(separator: " ") }
            return .row(StatementRow(
                receipt: receipt,
                completedAt: completedAt,
                details: TextNormalization.joinWrapped(raw),
                rawDetails: raw.joined(separator: "\n"),
                status: TransactionStatus(parsing: statusWords.joined(separator: " ").isEmpty ? "Completed" : statusWords.joined(separator: " ")),
                paidIn: paidIn,
                withdrawn: withdrawn,
                balance: balance,
                source: RowSource(page: page, line: line, index: index)
            ))
        }
    }
}
