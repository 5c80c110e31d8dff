import Foundation
import MPesaCore

/// The one entry point for any statement: detects the format, reads it with the right reader, normalises and
/// reconciles. Pure library: no server, usable from the CLI and benchmarks.
public struct StatementParser: Sendable {
    public var pdf: PersonalPDFParser
    public var tabular: TabularStatementReader
    public var sms: SMSParser
    public var legacyConverter: LegacyXLSConverter

    public init(
        pdf: PersonalPDFParser = PersonalPDFParser(),
        tabular: TabularStatementReader = TabularStatementReader(),
        sms: SMSParser = SMSParser(),
        legacyConverter: LegacyXLSConverter = LegacyXLSConverter()
    ) {
        self.pdf = pdf
        self.tabular = tabular
        self.sms = sms
        self.legacyConverter = legacyConverter
    }

    /// Parses `data`. `hint` overrides detection only where the bytes allow it (a hint cannot make a PDF a CSV).
    public func parse(_ data: Data, filename: String? = nil, password: String? = nil, hint: StatementFormat? = nil) async throws(StatementParseError) -> ParsedStatement {
        try await read(data, filename: filename, password: password, hint: hint).assembled()
    }

    /// What reading produced, before (or, for SMS, with) normalisation and reconciliation; `mpesa analyze --timing`
    /// times the two steps apart.
    public enum Reading: Sendable {
        case raw(RawStatement)
        case sms(SMSParseResult)

        public func assembled() -> ParsedStatement {
            switch self {
            case .raw(let raw): StatementAssembler.assemble(raw)
            case .sms(let result): SMSStatementAssembler.assemble(result)
            }
        }
    }

    /// Reads `data` into rows as printed, without normalising or reconciling.
    public func read(_ data: Data, filename: String? = nil, password: String? = nil, hint: StatementFormat? = nil) async throws(StatementParseError) -> Reading {
        guard !data.isEmpty else { throw .notAStatement("the file is empty") }
        switch FormatSniffer.container(of: data, filename: filename, hint: hint) {
        case .pdf:
            return .raw(try await pdf.read(data, password: password))
        case .xlsx:
            return .raw(try tabular.readXLSX(data))
        case .xls:
            return .raw(try await tabular.readXLS(data, converter: legacyConverter))
        case .text where hint == .sms || FormatSniffer.looksLikeSMS(data):
            return .sms(try sms.parse(data: data))
        case .text:
            return .raw(try tabular.readCSV(data))
        case .zip:
            throw .notAStatement("it is a ZIP archive but not an Excel workbook; send the .xlsx, .xls, .csv or .pdf itself")
        case .binary(let kind):
            throw .notAStatement("it is \(kind), not a PDF, Excel or CSV statement")
        }
    }

    /// What a file is and whether it needs a password, without parsing it all.
    public func detect(_ data: Data, filename: String? = nil) async -> FormatDetection {
        switch FormatSniffer.container(of: data, filename: filename, hint: nil) {
        case .pdf:
            return await PDFProbe.probe(data, extractor: pdf.extractor)
        case .xlsx:
            do {
                let raw = try tabular.readXLSX(data)
                return FormatDetection(format: raw.metadata.format, mediaType: FormatDetection.xlsxType, encrypted: false, passwordRequired: false)
            } catch {
                return FormatDetection(format: nil, mediaType: FormatDetection.xlsxType, encrypted: false, passwordRequired: false, reason: error.description)
            }
        case .xls:
            return FormatDetection(format: .businessClassicXLSX, mediaType: "application/vnd.ms-excel", encrypted: false, passwordRequired: false)
        case .text:
            if FormatSniffer.looksLikeSMS(data) {
                return FormatDetection(format: .sms, mediaType: "text/plain", encrypted: false, passwordRequired: false)
            }
            do {
                let raw = try tabular.readCSV(data)
                return FormatDetection(format: raw.metadata.format, mediaType: "text/csv", encrypted: false, passwordRequired: false)
            } catch {
                return FormatDetection(format: nil, mediaType: "text/plain", encrypted: false, passwordRequired: false, reason: error.description)
            }
        case .zip:
            return FormatDetection(format: nil, mediaType: "application/zip", encrypted: false, passwordRequired: false, reason: "a ZIP archive that is not an Excel workbook")
        case .binary(let kind):
            return FormatDetection(format: nil, mediaType: "application/octet-stream", encrypted: false, passwordRequired: false, reason: "\(kind), not a statement")
        }
    }
}

/// The answer of `detect`.
public struct FormatDetection: Sendable, Equatable, Codable {
    public static let xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    public var format: StatementFormat?
    public var mediaType: String
    public var encrypted: Bool
    public var passwordRequired: Bool
    public var pageCount: Int?
    public var reason: String?

    public init(format: StatementFormat?, mediaType: String, encrypted: Bool, passwordRequired: Bool, pageCount: Int? = nil, reason: String? = nil) {
        self.format = format
        self.mediaType = mediaType
        self.encrypted = encrypted
        self.passwordRequired = passwordRequired
        self.pageCount = pageCount
        self.reason = reason
    }
}

/// Tells file containers apart by their first bytes (never by the file name alone, which users get wrong).
enum FormatSniffer {
    enum Container: Equatable {
        case pdf, xlsx, xls, zip, text
        case binary(String)
    }

    static func container(of data: Data, filename: String?, hint: StatementFormat?) -> Container {
        let head = [UInt8](data.prefix(8))
        if data.prefix(1024).range(of: Data("%PDF-".utf8)) != nil { return .pdf }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return data.range(of: Data("xl/workbook".utf8)) != nil || data.range(of: Data("[Content_Types].xml".utf8)) != nil ? .xlsx : .zip
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .xls }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .binary("a JPEG image") }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return .binary("a PNG image") }
        if head.starts(with: [0x1F, 0x8B]) { return .binary("a gzip archive") }
        // Text: few NUL bytes (UTF-16 files have them in every other byte but start with a BOM).
        let sample = data.prefix(4096)
        let startsWithUTF16BOM = head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF])
        let nulls = sample.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        if !startsWithUTF16BOM, nulls > sample.count / 20 { return .binary("a binary file") }
        return .text
    }

    /// Pasted SMS: the word "Confirmed" near a Ksh amount, and no CSV header.
    static func looksLikeSMS(_ data: Data) -> Bool {
        let text = String(decoding: data.prefix(8192), as: UTF8.self)
        let lower = text.lowercased()
        guard lower.contains("ksh") else { return false }
        if lower.contains("receipt no") && lower.contains("completion") { return false }
        return lower.contains("confirmed") || lower.contains("transaction failed") || lower.contains("fuliza")
    }
}

/// SMS parsing already yields transactions; this wraps them in a statement with a reconciliation report.
enum SMSStatementAssembler {
    static func assemble(_ result: SMSParseResult) -> ParsedStatement {
        var metadata = StatementMetadata(format: .sms)
        let times = result.rows.map(\.completedAt)
        metadata.periodStart = times.min()
        metadata.periodEnd = times.max()
        let raw = RawStatement(metadata: metadata, rows: result.rows, readingFindings: result.findings)
        // A message's row holds only the amount it states; its transaction also carries the transaction cost, and a
        // Fuliza draw (a separate message, usually without a balance) funds the payment that shares its receipt. So the
        // balance chain runs over receipts: the net of all their transactions against the balance one of them printed.
        var order: [String] = []
        var groups: [String: (time: LocalDateTime, net: Int64, balance: Int64?)] = [:]
        for transaction in result.transactions {
            if groups[transaction.receipt] == nil {
                order.append(transaction.receipt)
                groups[transaction.receipt] = (transaction.localTime, 0, nil)
            }
            groups[transaction.receipt]!.net += transaction.netCents
            if transaction.lineKind == .main { groups[transaction.receipt]!.time = transaction.localTime }
            if let balance = transaction.balanceCents { groups[transaction.receipt]!.balance = balance }
        }
        let chainRows = order.enumerated().map { index, receipt in
            let group = groups[receipt]!
            return StatementRow(
                receipt: receipt, completedAt: group.time, details: receipt,
                paidIn: group.net >= 0 ? Money(cents: group.net) : nil,
                withdrawn: group.net < 0 ? Money(cents: -group.net) : nil,
                balance: group.balance.map(Money.init(cents:)),
                source: RowSource(line: index + 1, index: index)
            )
        }
        let rowIndexByReceipt = Dictionary(result.rows.enumerated().map { ($0.element.receipt, $0.offset) }, uniquingKeysWith: { first, _ in first })
        let chain = BalanceChain(rows: chainRows)
        var report = StatementReconciler.reconcile(RawStatement(metadata: metadata, rows: chainRows), chain: chain)
        report.findings = report.findings.filter { !["duplicate_row", "rows_not_completed", "receipt_date_mismatch"].contains($0.code) }.map { finding in
            var mapped = finding
            mapped.rowIndex = finding.receipt.flatMap { rowIndexByReceipt[$0] }
            return mapped
        } + raw.readingFindings
        // SMS are lossy (messages get deleted or never arrive), so a balance that does not follow means a missing
        // message, not an edit: a warning, and the verdict can only be unverifiable.
        report.findings = report.findings.map { finding in
            guard finding.code == "balance_mismatch" else { return finding }
            var gap = finding
            gap.code = "sms_gap"
            gap.severity = .warning
            gap.message = "A message seems to be missing before this one: " + finding.message
            return gap
        }
        if report.checks["balance_chain"] == .failed { report.checks["balance_chain"] = .warning }
        if !report.findings.contains(where: { $0.severity == .error }) { report.verdict = .unverifiable }
        return ParsedStatement(metadata: metadata, summary: nil, rows: result.rows, transactions: result.transactions, reconciliation: report)
    }
}

/// A quick look at a PDF: encrypted or not, a page count.
enum PDFProbe {
    static func probe(_ data: Data, extractor: PDFTextExtractor) async -> FormatDetection {
        let type = "application/pdf"
        do {
            let document = try await extractor.extract(data, password: nil)
            let isStatement = (try? PersonalStatementLayout.read(document)) != nil
            return FormatDetection(
                format: isStatement ? .personalPDF : nil, mediaType: type, encrypted: false, passwordRequired: false, pageCount: document.pages.count,
                reason: isStatement ? nil : "a PDF without an M-PESA statement table"
            )
        } catch {
            switch error {
            case .passwordRequired:
                return FormatDetection(format: .personalPDF, mediaType: type, encrypted: true, passwordRequired: true)
            default:
                return FormatDetection(format: nil, mediaType: type, encrypted: false, passwordRequired: false, reason: error.description)
            }
        }
    }
}
