import MPesaCore
import Testing

@testable import AnalyticsService

@Suite("Report CSV")
struct ReportCSVTests {
    @Test("amounts come from cents by integer division", arguments: [
        (Int64(0), "0.00"), (5, "0.05"), (-5, "-0.05"), (123_456, "1234.56"), (-100, "-1.00"),
        (Int64.max, "92233720368547758.07"), (Int64.min, "-92233720368547758.08"),
    ])
    func amounts(cents: Int64, expected: String) {
        #expect(ReportCSV.amount(cents) == expected)
    }

    @Test("cells are quoted per RFC 4180 and formulas are neutralised", arguments: [
        ("plain", "plain"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+254712345678", "'+254712345678"),
        ("@cmd", "'@cmd"),
        ("-2+3", "'-2+3"),
        ("\tx", "'\tx"),
        ("\rx", "\"'\rx\""),
        ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        ("-1234.50", "-1234.50"),
        ("-12", "-12"),
        (" padded ", "\" padded \""),
    ])
    func cells(input: String, expected: String) {
        #expect(ReportCSV.cell(input) == expected)
    }

    @Test("the monthly report CSV has a header block, CRLF lines and a safe tenant name")
    func monthlyCSV() {
        let report = MonthlyCashflowReport.build(rows: MonthlyCashflowReportTests.marchLedger().sorted, year: 2024, month: 3, openingBalanceCents: nil)
        let csv = ReportCSV.csv(report, tenantName: "=cmd|' /C calc'!A0")
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == "Report,Monthly cash flow")
        #expect(lines[1] == "Tenant,'=cmd|' /C calc'!A0")
        #expect(lines[2] == "Period,2024-03-01,2024-03-31")
        #expect(csv.contains("operating,rent,Rent,0.00,3000.00,-3000.00,1\r\n"))
        #expect(csv.contains("total,,Total,\(ReportCSV.amount(report.totalInflowCents)),\(ReportCSV.amount(report.totalOutflowCents)),\(ReportCSV.amount(report.netCents)),13\r\n"))
        // Every line break is CRLF: as many line feeds as carriage returns, each right after one.
        let bytes = Array(csv.utf8)
        #expect(bytes.indices.filter { bytes[$0] == 10 }.allSatisfy { $0 > 0 && bytes[$0 - 1] == 13 })
    }

    @Test("the lender summary CSV carries the figures and the flags")
    func lenderCSV() {
        let csv = ReportCSV.csv(LenderSummaryTests.summary(), tenantName: "Mama Njeri Shop, Gikomba")
        #expect(csv.contains("Tenant,\"Mama Njeri Shop, Gikomba\"\r\n"))
        #expect(csv.contains("Average monthly inflow,80000.00\r\n"))
        #expect(csv.contains("2024-02,yes,60000.00,13513.00,0.00,10500.00,0,0.00,0\r\n"))
        #expect(csv.contains("Reconciliation,verified\r\n"))
        #expect(csv.contains("Coverage gap from,to,Days\r\n2024-02-01,2024-02-04,4\r\n"))
    }

    @Test("empty reports render a header and no crash")
    func emptyCSV() {
        let monthly = ReportCSV.csv(MonthlyCashflowReport.build(rows: [], year: 2024, month: 1, openingBalanceCents: nil), tenantName: "T")
        #expect(monthly.hasSuffix("total,,Total,0.00,0.00,0.00,0\r\n"))
        let lender = ReportCSV.csv(LenderSummary.build(rows: [], from: day("2024-01-01"), to: day("2024-01-31"), reconciliation: [], generatedAt: LenderSummaryTests.generatedAt), tenantName: "T")
        #expect(lender.contains("Flags\r\n"))
    }
}
