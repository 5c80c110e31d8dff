import Foundation
import MPesaCore

/// The label/value lines above a statement table: the org-portal preamble (Account Holder, Short Code, Time
/// Period, Date of Report, balances and totals), the personal header (Customer Name, Mobile Number, Statement
/// Period) that some converters keep, and the newer export's "Statements for <shortcode> from … to …" title.
///
/// Labels are found wherever they sit in the scanned rows, never at fixed offsets; a label's value is the next
/// non-empty cell to its right, or the text after the colon when label and value share one cell.
struct TabularPreamble {
    var accountHolder: String?
    var organization: String?
    var shortcode: String?
    var account: String?
    var periodStart: LocalDateTime?
    var periodEnd: LocalDateTime?
    var reportDate: LocalDateTime?
    var openingBalance: Money?
    var closingBalance: Money?
    var totalPaidIn: Money?
    var totalWithdrawn: Money?
    var customerName: String?
    var mobileNumber: String?
    var email: String?
    /// Saw a label only the org-portal classic preamble has.
    var isClassic = false
    /// Saw the newer export's "Statements for …" title.
    var isBusinessTitle = false

    private enum Label {
        case accountHolder, shortcode, account, period, from, to, `operator`, organization, reportDate
        case openingBalance, closingBalance, availableBalance, totalPaidIn, totalWithdrawn
        case customerName, mobileNumber, email

        init?(_ text: String) {
            switch TabularColumn.normalize(text) {
            case "account holder": self = .accountHolder
            case "short code", "shortcode", "paybill number", "till number": self = .shortcode
            case "account", "account name", "account type": self = .account
            case "time period", "statement period", "period": self = .period
            case "from": self = .from
            case "to": self = .to
            case "operator": self = .operator
            case "organization", "organisation", "organization name", "organisation name": self = .organization
            case "date of report", "report date", "request date", "date of statement", "statement date": self = .reportDate
            case "opening balance": self = .openingBalance
            case "closing balance": self = .closingBalance
            case "available balance": self = .availableBalance
            case "total paid in": self = .totalPaidIn
            case "total withdrawn", "total paid out": self = .totalWithdrawn
            case "customer name", "name": self = .customerName
            case "mobile number", "phone number": self = .mobileNumber
            case "email address", "email", "e-mail address": self = .email
            default: return nil
            }
        }

        var isClassicOnly: Bool {
            switch self {
            case .accountHolder, .shortcode, .operator, .openingBalance, .closingBalance, .availableBalance, .totalPaidIn, .totalWithdrawn:
                true
            default:
                false
            }
        }
    }

    init() {}

    /// Scans the given rows of a sheet.
    init(sheet: some TabularSheet, rows: Range<Int>, uses1904DateSystem: Bool) {
        for row in rows {
            let cells = sheet.cells(ofRow: row)
            var column = 0
            while column < cells.count {
                defer { column += 1 }
                let text = cells[column].text.trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { continue }
                if case .text = cells[column], readTitle(text) { continue }
                var label = Label(text)
                var value: TabularCell?
                if label == nil, let colon = text.firstIndex(of: ":"), let inline = Label(String(text[..<colon])) {
                    let rest = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    label = inline
                    if !rest.isEmpty { value = .text(rest) }
                }
                guard let label else { continue }
                if value == nil {
                    var next = column + 1
                    while next < cells.count, cells[next].isBlank { next += 1 }
                    if next < cells.count, Label(cells[next].text.trimmingCharacters(in: .whitespaces)) == nil || label == .period {
                        value = cells[next]
                        if Label(cells[next].text.trimmingCharacters(in: .whitespaces)) == nil { column = next }
                    }
                }
                if label.isClassicOnly { isClassic = true }
                guard let value else { continue }
                assign(label, value, uses1904DateSystem: uses1904DateSystem)
            }
        }
    }

    private mutating func assign(_ label: Label, _ value: TabularCell, uses1904DateSystem: Bool) {
        let text = value.text.trimmingCharacters(in: .whitespaces)
        func date() -> LocalDateTime? { TabularValueParser.dateTime(value, uses1904DateSystem: uses1904DateSystem) }
        func money() -> Money? {
            if case .value(let money) = TabularValueParser.amount(value) { return money }
            return nil
        }
        switch label {
        case .accountHolder: accountHolder = text
        case .shortcode: shortcode = text
        case .account: account = text
        case .organization: organization = text
        case .operator, .availableBalance: break
        case .from: periodStart = date()
        case .to: periodEnd = date()
        case .reportDate: reportDate = date()
        case .period:
            if let (start, end) = Self.splitPeriod(text) {
                periodStart = start
                periodEnd = end
            }
        case .openingBalance: openingBalance = money()
        case .closingBalance: closingBalance = money()
        case .totalPaidIn: totalPaidIn = money().map { Money(cents: Self.magnitude($0.cents)) }
        case .totalWithdrawn: totalWithdrawn = money().map { Money(cents: Self.magnitude($0.cents)) }
        case .customerName: customerName = text
        case .mobileNumber: mobileNumber = text
        case .email: email = text
        }
    }

    /// `01-01-2020 00:00:00 - 04-01-2020 23:59:59`, `30 Sep 2025 - 31 Mar 2026`, `01/01/2024 to 31/01/2024`.
    static func splitPeriod(_ text: String) -> (LocalDateTime, LocalDateTime)? {
        for separator in [" - ", " to ", " To ", " TO ", " – "] {
            guard let range = text.range(of: separator) else { continue }
            let first = String(text[..<range.lowerBound])
            let second = String(text[range.upperBound...])
            if let start = TabularValueParser.dateTime(text: first), let end = TabularValueParser.dateTime(text: second) {
                return (start, end)
            }
        }
        return nil
    }

    /// "Statements for 123456 from 01/01/2024 to 31/01/2024" (the newer export's title).
    private mutating func readTitle(_ text: String) -> Bool {
        let lowered = text.lowercased()
        guard lowered.hasPrefix("statements for ") || lowered.hasPrefix("statement for ") else { return false }
        isBusinessTitle = true
        let afterFor = text[text.index(text.startIndex, offsetBy: lowered.hasPrefix("statements") ? 15 : 14)...]
        if let fromRange = afterFor.range(of: " from ", options: .caseInsensitive) {
            let code = afterFor[..<fromRange.lowerBound].trimmingCharacters(in: .whitespaces)
            if !code.isEmpty { shortcode = code }
            if let (start, end) = Self.splitPeriod(String(afterFor[fromRange.upperBound...])) {
                periodStart = start
                periodEnd = end
            }
        } else {
            let code = afterFor.trimmingCharacters(in: .whitespaces)
            if !code.isEmpty { shortcode = code }
        }
        return true
    }

    private static func magnitude(_ cents: Int64) -> Int64 { cents == .min ? .max : abs(cents) }

    /// Copies what was found into the statement's metadata.
    func apply(to metadata: inout StatementMetadata) {
        metadata.organization = accountHolder ?? organization
        metadata.shortcode = shortcode
        metadata.account = account
        metadata.periodStart = periodStart
        metadata.periodEnd = periodEnd
        metadata.requestDate = reportDate
        metadata.openingBalanceCents = openingBalance?.cents
        metadata.closingBalanceCents = closingBalance?.cents
        metadata.customerName = customerName
        metadata.maskedMobile = mobileNumber.map(StatementMetadata.mask)
        metadata.email = email
    }

    /// The printed Total Paid In / Total Withdrawn as a summary without category lines, when both are printed.
    var summary: StatementSummary? {
        guard let totalPaidIn, let totalWithdrawn else { return nil }
        return StatementSummary(lines: [], totalPaidInCents: totalPaidIn.cents, totalPaidOutCents: totalWithdrawn.cents)
    }
}
