import Foundation
import MPesaCore
import Testing

@testable import AnalyticsService

/// Reads PDFs back with poppler's `pdftotext` when the machine has it.
enum PDFText {
    static let executable = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext", "/opt/homebrew/bin/pdftotext"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static var isAvailable: Bool { executable != nil }

    static func extract(_ pdf: Data) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString).pdf")
        try pdf.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable!)
        process.arguments = ["-layout", file.path, "-"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }
}

@Suite("Report PDF")
struct ReportPDFTests {
    static let generatedAt = LocalDateTime(parsing: "2024-04-02 10:15:00")!

    private func pageCount(_ pdf: Data) -> Int {
        let text = String(decoding: pdf, as: UTF8.self)
        return text.components(separatedBy: "/Type /Page ").count - 1
    }

    /// A month with 150 of the tenant's own categories, enough to overflow several pages.
    private func longReport() -> MonthlyCashflowReport {
        var ledger = TestLedger()
        for index in 0..<150 {
            ledger.add(date("2024-03-01", plus: index % 31), .out, 123_450 + Int64(index), kind: .paybill, category: "custom_\(index)")
        }
        return MonthlyCashflowReport.build(rows: ledger.sorted, year: 2024, month: 3, openingBalanceCents: 50_000_000)
    }

    @Test("the monthly PDF is a well-formed single-page PDF")
    func structure() {
        let report = MonthlyCashflowReport.build(rows: MonthlyCashflowReportTests.marchLedger().sorted, year: 2024, month: 3, openingBalanceCents: nil)
        let pdf = ReportPDF.pdf(report, tenantName: "Duka", generatedAt: Self.generatedAt)
        let text = String(decoding: pdf, as: UTF8.self)
        #expect(text.hasPrefix("%PDF-"))
        #expect(text.hasSuffix("%%EOF\n"))
        #expect(pageCount(pdf) == 1)
        #expect(text.contains("/Count 1"))
        #expect(text.contains("(Page 1/1)"))
    }

    @Test("rows that overflow a page continue on new pages, each numbered x/y")
    func pageBreaks() {
        let pdf = ReportPDF.pdf(longReport(), tenantName: "Duka", generatedAt: Self.generatedAt)
        let pages = pageCount(pdf)
        #expect(pages >= 3)
        let text = String(decoding: pdf, as: UTF8.self)
        #expect(text.contains("/Count \(pages)"))
        #expect(text.contains("(Page \(pages)/\(pages))"))
    }

    @Test("empty reports still render a valid PDF")
    func empty() {
        let monthly = ReportPDF.pdf(MonthlyCashflowReport.build(rows: [], year: 2024, month: 1, openingBalanceCents: nil), tenantName: "", generatedAt: Self.generatedAt)
        let lender = ReportPDF.pdf(LenderSummary.build(rows: [], from: day("2024-01-01"), to: day("2024-01-31"), reconciliation: [], generatedAt: Self.generatedAt), tenantName: "")
        for pdf in [monthly, lender] {
            let text = String(decoding: pdf, as: UTF8.self)
            #expect(text.hasPrefix("%PDF-") && text.hasSuffix("%%EOF\n"))
            #expect(pageCount(pdf) == 1)
        }
    }

    @Test("pdftotext reads back the title, tenant, period, amounts and footer", .enabled(if: PDFText.isAvailable, "pdftotext (Debian poppler-utils) is not installed"))
    func monthlyContent() throws {
        let report = MonthlyCashflowReport.build(rows: MonthlyCashflowReportTests.marchLedger().sorted, year: 2024, month: 3, openingBalanceCents: nil)
        let text = try PDFText.extract(ReportPDF.pdf(report, tenantName: "Mama Njeri (Gikomba)", generatedAt: Self.generatedAt))
        #expect(text.contains("Monthly cash flow"))
        #expect(text.contains("Mama Njeri (Gikomba)"))
        #expect(text.contains("Period: 2024-03-01 to 2024-03-31"))
        #expect(text.contains("KES 7,500.00"))
        #expect(text.contains("KES -3,000.00"))
        #expect(text.contains("Opening balance: KES 10,000.00"))
        #expect(text.contains("Generated 2024-04-02 10:15:00 EAT"))
        #expect(text.contains("Page 1/1"))
    }

    @Test("pdftotext sees every line of a multi-page report", .enabled(if: PDFText.isAvailable, "pdftotext (Debian poppler-utils) is not installed"))
    func multiPageContent() throws {
        let text = try PDFText.extract(ReportPDF.pdf(longReport(), tenantName: "Duka", generatedAt: Self.generatedAt))
        for index in 0..<150 { #expect(text.contains("Custom \(index) "), "line \(index)") }
        #expect(text.contains("Page 2/"))
    }

    @Test("pdftotext reads the lender summary verdict and flags", .enabled(if: PDFText.isAvailable, "pdftotext (Debian poppler-utils) is not installed"))
    func lenderContent() throws {
        let text = try PDFText.extract(ReportPDF.pdf(LenderSummaryTests.summary(), tenantName: "Duka"))
        #expect(text.contains("Lender summary"))
        #expect(text.contains("Reconciliation: verified"))
        #expect(text.contains("KES 80,000.00"))
        #expect(text.contains("2024-02-01 to 2024-02-04: 4 days without data"))
        #expect(text.contains("Page 1/"))
    }
}
