import Foundation
import MPesaCore

/// Reads pasted M-PESA SMS confirmations (one or many, separated by blank lines, line breaks or nothing at all)
/// into statement rows and normalised transactions, in the templates of §3 of the formats reference.
///
/// Each money-moving message becomes one row and one transaction whose identity (`receipt:main`, or
/// `receipt:overdraft` for a Fuliza draw) is the one the same receipt gets from a statement, so SMS and
/// statements merge on it. The row's Paid In or Withdrawn is the amount the message states; the transaction
/// cost is the transaction's fee, as statements give it a charge row of its own. Fuliza notices print no time:
/// they take the time of the message with the same receipt, else midnight of the receipt's date code.
///
/// Everything else becomes a finding, in message order; a finding about one message says `Message <n>` first:
/// - info: `duplicate_sms`, `transaction_failed`, `reversal_declined`, `balance_query`, `mpesa_notice`,
///   `sms_time_inferred`;
/// - warning: `unrecognised_sms`, `invalid_sms_value`, `conflicting_sms`, `receipt_date_mismatch`,
///   `sms_time_missing`, `invalid_encoding`.
/// Bad input never crashes the parser; only an empty paste (`notAStatement`) or one over the limits
/// (`tooLarge`) throws.
public struct SMSParser: Sendable {
    /// How much one paste may hold; larger pastes are refused with `StatementParseError.tooLarge`.
    public struct Limits: Sendable, Equatable {
        public var maxMessages: Int
        public var maxBytes: Int

        public init(maxMessages: Int, maxBytes: Int) {
            self.maxMessages = maxMessages
            self.maxBytes = maxBytes
        }

        /// 10,000 messages or 5 MB, whichever comes first.
        public static let standard = Limits(maxMessages: 10_000, maxBytes: 5 * 1024 * 1024)
    }

    public var limits: Limits

    public init(limits: Limits = .standard) {
        self.limits = limits
    }

    /// Parses an uploaded file or request body: UTF-8 (invalid bytes are replaced and reported) or UTF-16 with
    /// a byte-order mark, as Windows editors save it.
    public func parse(data: Data) throws(StatementParseError) -> SMSParseResult {
        try checkSize(data.count)
        var encodingFindings: [Finding] = []
        let text: String
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]), let utf16 = String(data: data, encoding: .utf16) {
            text = utf16
        } else if let utf8 = String(data: data, encoding: .utf8) {
            text = utf8
        } else {
            text = String(decoding: data, as: UTF8.self)
            encodingFindings.append(
                Finding(
                    code: "invalid_encoding", severity: .warning,
                    message: "The text is not valid UTF-8; unreadable bytes were replaced. Paste the messages as plain text if any are missing"
                )
            )
        }
        var result = try parse(text)
        result.findings.insert(contentsOf: encodingFindings, at: 0)
        return result
    }

    /// Parses pasted text.
    public func parse(_ text: String) throws(StatementParseError) -> SMSParseResult {
        try checkSize(text.utf8.count)
        let messages = try SMSMessageSplitter.split(SMSText.normalise(text), limit: limits.maxMessages)
        guard !messages.isEmpty else {
            throw .notAStatement("the text is empty; paste one or more M-PESA confirmation messages")
        }
        let details = messages.map { SMSText.collapse($0) }
        return assemble(messages: messages, details: details, readings: details.map(SMSMessageReader.read))
    }

    func checkSize(_ bytes: Int) throws(StatementParseError) {
        guard bytes <= limits.maxBytes else {
            throw .tooLarge("the paste is \(bytes) bytes; paste at most \(limits.maxBytes) bytes (about \(limits.maxMessages) messages) at a time")
        }
    }

    // MARK: - Assembly

    /// Drops duplicates, dates Fuliza notices, checks receipt dates and builds rows, transactions and findings in
    /// message order.
    func assemble(messages: [String], details collapsed: [String], readings: [SMSMessageReader.Reading]) -> SMSParseResult {
        // Times printed by any message, by receipt: a Fuliza draw takes the time of the payment it funded.
        var printedTimes: [String: LocalDateTime] = [:]
        for case .movement(let movement) in readings {
            if let time = movement.time, printedTimes[movement.receipt] == nil { printedTimes[movement.receipt] = time }
        }

        var rows: [StatementRow] = []
        var transactions: [ParsedTransaction] = []
        var findings: [Finding] = []
        var kept: [String: (row: Int, movement: SMSMovement, details: String)] = [:]
        // Pasted messages arrive in the order they were received, so a message without a time most likely
        // belongs right after the one before it.
        var lastTime: LocalDateTime?

        for (offset, reading) in readings.enumerated() {
            let number = offset + 1
            let raw = messages[offset]
            switch reading {
            case .movement(var movement):
                let details = collapsed[offset]
                if let earlier = kept[movement.key] {
                    findings.append(duplicateFinding(number, movement, earlier: earlier, details: details))
                    continue
                }
                if let time = movement.time {
                    if let finding = receiptDateFinding(number, receipt: movement.receipt, time: time, row: rows.count) {
                        findings.append(finding)
                    }
                } else if let time = printedTimes[movement.receipt] {
                    movement.time = time
                } else if let start = ReceiptDateCode.startOfDay(movement.receipt) {
                    let follows = lastTime.map { $0.date == start.date } ?? false
                    movement.time = follows ? lastTime : start
                    findings.append(
                        Finding(
                            code: "sms_time_inferred", severity: .info,
                            message: follows
                                ? "Message \(number) (Fuliza M-PESA) prints no time; it is placed with the message before it (\(lastTime!)). A statement gives the exact time"
                                : "Message \(number) (Fuliza M-PESA) prints no time; it is dated \(start.date) from its receipt, at 00:00. A statement gives the exact time",
                            rowIndex: rows.count, receipt: movement.receipt
                        )
                    )
                } else {
                    findings.append(
                        Finding(
                            code: "sms_time_missing", severity: .warning,
                            message: "Message \(number) (Fuliza M-PESA) prints no time and its receipt \(movement.receipt) encodes no date, so it was skipped; paste the payment message with the same receipt too",
                            receipt: movement.receipt
                        )
                    )
                    continue
                }
                guard let time = movement.time else { continue }
                let row = StatementRow(
                    receipt: movement.receipt, completedAt: time, details: details, rawDetails: raw, status: .completed,
                    paidIn: movement.direction == .in ? movement.amount : nil, withdrawn: movement.direction == .out ? movement.amount : nil,
                    balance: movement.balance, linkedTransactionID: movement.linkedReceipt,
                    source: RowSource(line: number, index: rows.count)
                )
                kept[movement.key] = (rows.count, movement, details)
                rows.append(row)
                lastTime = time
                transactions.append(
                    ParsedTransaction(
                        receipt: movement.receipt, lineKind: movement.lineKind, localTime: time, direction: movement.direction,
                        amountCents: movement.amount.cents, feeCents: movement.fee.cents, balanceCents: movement.balance?.cents,
                        kind: movement.kind, counterparty: movement.counterparty, details: details, status: .completed, rows: [row]
                    )
                )
            default:
                if let finding = noticeFinding(reading, number: number, raw: raw) { findings.append(finding) }
            }
        }
        return SMSParseResult(rows: rows, transactions: transactions, findings: findings, messageCount: messages.count)
    }

    /// The finding for a message that moved no money.
    func noticeFinding(_ reading: SMSMessageReader.Reading, number: Int, raw: String) -> Finding? {
        switch reading {
        case .movement:
            return nil
        case .failedTransaction(let amount, let recipient):
            let what = [amount.map { "of Ksh\($0.decimalString)" }, recipient.map { "to \($0)" }].compactMap { $0 }.joined(separator: " ")
            return Finding(
                code: "transaction_failed", severity: .info,
                message: "Message \(number) reports a failed transaction\(what.isEmpty ? "" : " " + what); no money moved, so it adds no transaction"
            )
        case .declinedReversal(let receipt, let amount):
            return Finding(
                code: "reversal_declined", severity: .info,
                message: "Message \(number): the recipient declined the reversal of \(receipt)\(amount.map { " (Ksh\($0.decimalString))" } ?? ""); no money moved back",
                receipt: receipt
            )
        case .balanceQuery(let receipt, let balance):
            return Finding(
                code: "balance_query", severity: .info,
                message: "Message \(number) is a balance enquiry\(balance.map { " (M-PESA balance Ksh\($0.decimalString))" } ?? ""), not a transaction",
                receipt: receipt
            )
        case .serviceNotice:
            return Finding(
                code: "mpesa_notice", severity: .info,
                message: "Message \(number) is an M-PESA service notice, not a transaction: “\(SMSText.excerpt(raw))”"
            )
        case .invalid(let receipt, let reason):
            return Finding(
                code: "invalid_sms_value", severity: .warning,
                message: "Message \(number) looks like an M-PESA confirmation but \(reason), so it was skipped; check that it was pasted whole",
                receipt: receipt
            )
        case .unrecognised(let receipt):
            return Finding(
                code: "unrecognised_sms", severity: .warning,
                message: "Message \(number) is not an M-PESA confirmation this parser knows, so it was skipped: “\(SMSText.excerpt(raw))”",
                receipt: receipt
            )
        }
    }

    /// The same receipt and line again: an exact copy (or the same facts worded differently) is a harmless
    /// duplicate; different facts under one receipt mean one of the messages was altered.
    func duplicateFinding(_ number: Int, _ movement: SMSMovement, earlier: (row: Int, movement: SMSMovement, details: String), details: String) -> Finding {
        var comparable = movement
        comparable.time = movement.time ?? earlier.movement.time
        if details == earlier.details || comparable == earlier.movement {
            return Finding(
                code: "duplicate_sms", severity: .info,
                message: "Message \(number) repeats the message for receipt \(movement.receipt) and was kept once",
                rowIndex: earlier.row, receipt: movement.receipt
            )
        }
        return Finding(
            code: "conflicting_sms", severity: .warning,
            message: "Message \(number) has receipt \(movement.receipt) like an earlier message but different amounts, time or parties; the first was kept. Check whether either was edited",
            rowIndex: earlier.row, receipt: movement.receipt
        )
    }

    /// §1.7: the receipt's first three characters encode the completion date. A mismatch is flagged, not rejected.
    func receiptDateFinding(_ number: Int, receipt: String, time: LocalDateTime, row: Int) -> Finding? {
        if ReceiptDateCode.agrees(receipt, with: time) == true { return nil }
        let says = ReceiptDateCode.startOfDay(receipt).map { "encodes \($0.date)" } ?? "encodes no date"
        return Finding(
            code: "receipt_date_mismatch", severity: .warning,
            message: "Message \(number): receipt \(receipt) \(says) but the message is dated \(time.date); check that the message was not edited",
            rowIndex: row, receipt: receipt
        )
    }
}
