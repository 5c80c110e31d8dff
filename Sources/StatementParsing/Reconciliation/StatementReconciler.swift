import MPesaCore

/// Checks a statement against itself and judges whether it can be trusted (§1.4, §1.7, §4.8 of the formats
/// reference): the thing lenders pay for.
///
/// Hard checks (an error makes the verdict `inconsistent`): the running balance of every row follows from the
/// previous one; the SUMMARY (or the export's preamble) totals equal the row sums to the cent; every page is
/// present and numbered; one verification code on every page; no sign of an editing tool in the PDF metadata.
/// Soft checks (warnings): receipt numbers whose date code disagrees with the completion time, rows outside the
/// statement period, repeated rows.
public enum StatementReconciler {
    /// Producers and creators of tools that edit PDFs; a statement that passed through one was altered.
    static let editingTools = [
        "microsoft", "word", "ilovepdf", "smallpdf", "sejda", "pdfescape", "foxit", "nitro", "pdf-xchange", "pdfelement",
        "wondershare", "libreoffice", "openoffice", "acrobat pro", "adobe acrobat", "inkscape", "canva", "google docs",
        "pdffiller", "dochub", "photoshop", "gimp", "quartz pdfcontext", "pdfsam", "pdf24",
    ]

    public static func reconcile(_ raw: RawStatement, chain: BalanceChain) -> ReconciliationReport {
        var findings = raw.readingFindings
        var checks: [String: ReconciliationReport.CheckOutcome] = [:]
        let rows = raw.rows
        let completed = rows.indices.filter { rows[$0].status == .completed }

        // 1. Balance chain.
        if chain.chronological.isEmpty {
            checks["balance_chain"] = .notApplicable
        } else {
            for item in chain.breaks {
                let row = rows[item.rowIndex]
                findings.append(Finding(
                    code: "balance_mismatch",
                    severity: .error,
                    message: "Row \(item.rowIndex + 1) (\(row.receipt), \(row.completedAt)): the balance printed is \(Money(cents: item.printedCents).decimalString) "
                        + "but the previous balance and this row's amount give \(Money(cents: item.expectedCents).decimalString)",
                    rowIndex: item.rowIndex,
                    receipt: row.receipt,
                    page: row.source.page
                ))
            }
            checks["balance_chain"] = chain.breaks.isEmpty ? .passed : .failed
        }

        // 2. Totals against the SUMMARY table or the export's preamble.
        let paidIn = completed.reduce(Int64(0)) { $0 + (rows[$1].paidIn?.cents ?? 0) }
        let withdrawn = completed.reduce(Int64(0)) { $0 + (rows[$1].withdrawn?.cents ?? 0) }
        if let summary = raw.summary {
            var passed = true
            if summary.totalPaidInCents != paidIn {
                passed = false
                findings.append(Finding(
                    code: "summary_total_mismatch", severity: .error,
                    message: "The SUMMARY says \(Money(cents: summary.totalPaidInCents).decimalString) paid in; the rows add up to \(Money(cents: paidIn).decimalString)"
                ))
            }
            if summary.totalPaidOutCents != withdrawn {
                passed = false
                findings.append(Finding(
                    code: "summary_total_mismatch", severity: .error,
                    message: "The SUMMARY says \(Money(cents: summary.totalPaidOutCents).decimalString) paid out; the rows add up to \(Money(cents: withdrawn).decimalString)"
                ))
            }
            checks["summary_totals"] = passed ? .passed : .failed
        } else if let opening = raw.metadata.openingBalanceCents, let closing = raw.metadata.closingBalanceCents {
            let expected = opening + paidIn - withdrawn
            if expected == closing {
                checks["summary_totals"] = .passed
            } else {
                checks["summary_totals"] = .failed
                findings.append(Finding(
                    code: "closing_balance_mismatch", severity: .error,
                    message: "Opening balance \(Money(cents: opening).decimalString) plus the rows gives \(Money(cents: expected).decimalString), but the closing balance printed is \(Money(cents: closing).decimalString)"
                ))
            }
        } else {
            checks["summary_totals"] = .notApplicable
        }

        // 3. Receipt date codes.
        var dateMismatches = 0
        for index in completed {
            let row = rows[index]
            if ReceiptDateCode.agrees(row.receipt, with: row.completedAt) == false {
                dateMismatches += 1
                if dateMismatches <= 50 {
                    findings.append(Finding(
                        code: "receipt_date_mismatch", severity: .warning,
                        message: "Receipt \(row.receipt) encodes a date other than its completion time \(row.completedAt)",
                        rowIndex: index, receipt: row.receipt, page: row.source.page
                    ))
                }
            }
        }
        checks["receipt_dates"] = completed.isEmpty ? .notApplicable : (dateMismatches == 0 ? .passed : .warning)

        // 4. Rows outside the statement period.
        if let start = raw.metadata.periodStart, let end = raw.metadata.periodEnd {
            let first = LocalDateTime(year: start.year, month: start.month, day: start.day)!
            let last = LocalDateTime(year: end.year, month: end.month, day: end.day, hour: 23, minute: 59, second: 59)!
            let outside = rows.indices.filter { rows[$0].completedAt < first || rows[$0].completedAt > last }
            for index in outside.prefix(20) {
                findings.append(Finding(
                    code: "row_outside_period", severity: .warning,
                    message: "Row \(index + 1) (\(rows[index].completedAt)) falls outside the statement period \(first.date) – \(last.date)",
                    rowIndex: index, receipt: rows[index].receipt, page: rows[index].source.page
                ))
            }
            checks["statement_period"] = outside.isEmpty ? .passed : .warning
        }

        // 5. Repeated rows (a page boundary printed twice).
        struct Signature: Hashable {
            let receipt: String
            let time: Int64
            let details: String
            let paidIn: Int64?
            let withdrawn: Int64?
            let balance: Int64?
        }
        var seen: Set<Signature> = []
        seen.reserveCapacity(rows.count)
        var repeats = 0
        for (index, row) in rows.enumerated() {
            let signature = Signature(
                receipt: row.receipt, time: row.completedAt.ordinal, details: row.details, paidIn: row.paidIn?.cents,
                withdrawn: row.withdrawn?.cents, balance: row.balance?.cents
            )
            if !seen.insert(signature).inserted {
                repeats += 1
                findings.append(Finding(code: "duplicate_row", severity: .warning, message: "Row \(index + 1) repeats an earlier row exactly", rowIndex: index, receipt: row.receipt, page: row.source.page))
            }
        }
        if !rows.isEmpty { checks["duplicate_rows"] = repeats == 0 ? .passed : .warning }

        // 6. Negative balances: real statements never print one (Fuliza keeps the wallet at zero and shows the
        // overdraft as rows), so one is a sign of editing or of a converter that lost a sign.
        let negative = completed.filter { (rows[$0].balance?.cents ?? 0) < 0 }
        for index in negative.prefix(20) {
            findings.append(Finding(
                code: "negative_balance", severity: .warning,
                message: "Row \(index + 1) (\(rows[index].receipt)) prints a negative balance \(rows[index].balance!.decimalString); M-PESA balances do not go below zero",
                rowIndex: index, receipt: rows[index].receipt, page: rows[index].source.page
            ))
        }

        // 7. Failed or pending rows are kept out of the figures.
        let notCompleted = rows.count - completed.count
        if notCompleted > 0 {
            findings.append(Finding(code: "rows_not_completed", severity: .info, message: "\(notCompleted) row(s) are not Completed and are left out of totals and transactions"))
        }

        // 8. Authenticity marks of a personal PDF.
        var authentic = false
        if let evidence = raw.pdfEvidence {
            authentic = checkPDF(evidence, findings: &findings, checks: &checks)
        }

        let hasErrors = findings.contains { $0.severity == .error }
        let verdict: ReconciliationReport.Verdict =
            hasErrors ? .inconsistent : (raw.metadata.format.canBeAuthenticated && authentic ? .verified : .unverifiable)
        if verdict == .unverifiable, !hasErrors {
            findings.append(Finding(
                code: "authenticity_unproven", severity: .info,
                message: raw.metadata.format.canBeAuthenticated
                    ? "The figures agree, but the PDF lacks some of Safaricom's marks of authenticity"
                    : "The figures agree, but a \(raw.metadata.format.rawValue) file cannot prove it came from Safaricom"
            ))
        }
        return ReconciliationReport(verdict: verdict, findings: findings, checks: checks)
    }

    /// Page numbering, verification codes and document metadata. Returns whether all marks are present.
    private static func checkPDF(_ evidence: PDFEvidence, findings: inout [Finding], checks: inout [String: ReconciliationReport.CheckOutcome]) -> Bool {
        var authentic = true
        // Page numbering: page i says "Page i of N" with the same N everywhere, and N pages are present.
        let numbers = evidence.pageNumbers
        let total = numbers.compactMap { $0?.of }.first
        var numberingOK = total != nil && total == numbers.count
        for (offset, number) in numbers.enumerated() {
            guard let number else {
                numberingOK = false
                findings.append(Finding(code: "page_number_missing", severity: .error, message: "Page \(offset + 1) has no \"Page N of M\" line", page: offset + 1))
                continue
            }
            if number.page != offset + 1 || number.of != total {
                numberingOK = false
                findings.append(Finding(code: "page_out_of_sequence", severity: .error, message: "Page \(offset + 1) is numbered \"Page \(number.page) of \(number.of)\"", page: offset + 1))
            }
        }
        if let total, total != numbers.count {
            findings.append(Finding(code: "page_missing", severity: .error, message: "The statement says it has \(total) pages but the file holds \(numbers.count)"))
        }
        checks["page_numbering"] = numberingOK ? .passed : .failed
        authentic = authentic && numberingOK

        // Verification code: one 8-character code, on every page.
        let codes = evidence.verificationCodes
        let distinct = Set(codes.compactMap { $0 })
        if distinct.count > 1 {
            findings.append(Finding(code: "verification_code_mismatch", severity: .error, message: "Pages carry different verification codes (\(distinct.sorted().joined(separator: ", "))): pages from different statements were combined"))
            checks["verification_code"] = .failed
            authentic = false
        } else if distinct.isEmpty || codes.contains(where: { $0 == nil }) {
            let missing = codes.indices.filter { codes[$0] == nil }.map { $0 + 1 }
            findings.append(Finding(code: "verification_code_missing", severity: .warning, message: "No verification code on page(s) \(missing.prefix(20).map(String.init).joined(separator: ", "))"))
            checks["verification_code"] = .warning
            authentic = false
        } else {
            checks["verification_code"] = .passed
        }

        // Metadata: Safaricom's marks, and no editing tool.
        let creator = evidence.info["Creator"] ?? ""
        let producer = evidence.info["Producer"] ?? ""
        let subject = evidence.info["Subject"] ?? ""
        let tool = editingTools.first { name in creator.lowercased().contains(name) || producer.lowercased().contains(name) }
        if let tool {
            findings.append(Finding(code: "edited_document", severity: .error, message: "The PDF was written by an editing tool (\(tool)): Creator \"\(creator)\", Producer \"\(producer)\""))
            checks["document_metadata"] = .failed
            authentic = false
        } else if let created = evidence.info["CreationDate"], let modified = evidence.info["ModDate"], !created.isEmpty, !modified.isEmpty, created != modified {
            // Only a warning: the generator may stamp the two dates a moment apart.
            findings.append(Finding(code: "modified_after_creation", severity: .warning, message: "The PDF was modified (\(modified)) after it was created (\(created))"))
            checks["document_metadata"] = .warning
            authentic = false
        } else if creator.lowercased().contains("safaricom") || subject.lowercased().contains("m-pesa statement") {
            checks["document_metadata"] = .passed
        } else {
            findings.append(Finding(code: "producer_unknown", severity: .warning, message: "The PDF does not name Safaricom as its creator (Creator \"\(creator)\", Producer \"\(producer)\")"))
            checks["document_metadata"] = .warning
            authentic = false
        }
        return authentic
    }
}
