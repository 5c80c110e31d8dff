import Foundation
import MPesaCore
import Platform
import Testing
import TestSupport

extension AnalyticsEndpointSuites {
    @Suite("Analytics: insights and reports over the ledger", .serialized)
    struct ReportEndpointTests {
        @Test("the monthly report balances and agrees with the summary; CSV and PDF render; the lender summary and insights answer", arguments: StoreBackend.allCases)
        func reports(_ backend: StoreBackend) async throws {
            try await AnalyticsCluster.run(backend) { cluster in
                let token = try await cluster.token()
                let (data, _) = Statements.csv(seed: 51, months: 3, perDay: 8)
                #expect(try await cluster.upload(data, token: token).status == 201)

                let report = try await cluster.request(.GET, "/v1/reports/monthly?month=2026-02", token: token)
                #expect(report.status == 200, "\(report.text.prefix(300))")
                let json = report.json
                let opening = json["opening_balance_cents"]?.int64Value
                let closing = json["closing_balance_cents"]?.int64Value
                let net = json["net_cents"]?.int64Value ?? 0
                #expect(opening != nil && closing != nil)
                if let opening, let closing { #expect(opening + net == closing) }
                #expect(json["balance_check"]?["status"]?.stringValue == "matches", "\(json["balance_check"] ?? .null)")
                let summary = try await cluster.request(.GET, "/v1/summary?from=2026-02-01&to=2026-02-28", token: token).json
                #expect(json["total_inflow_cents"]?.int64Value == summary["inflow_cents"]?.int64Value)
                #expect(net == summary["net_cents"]?.int64Value)

                let csv = try await cluster.request(.GET, "/v1/reports/monthly?month=2026-02&format=csv", token: token)
                #expect(csv.headers["content-type"]?.hasPrefix("text/csv") == true)
                #expect(csv.text.contains("acme"))
                #expect(csv.headers["content-disposition"]?.contains("cashflow-2026-02.csv") == true, "file names sort by month")
                let pdf = try await cluster.request(.GET, "/v1/reports/monthly?month=2026-02", token: token, headers: ["Accept": "application/pdf"])
                #expect(pdf.headers["content-type"] == "application/pdf")
                #expect(pdf.body.starts(with: Data("%PDF-".utf8)))

                let lender = try await cluster.request(.GET, "/v1/reports/lender", token: token)
                #expect(lender.status == 200, "\(lender.text.prefix(300))")
                #expect(lender.json["reconciliation"]?["verdict"]?.stringValue == "unverified", "a CSV statement cannot be authenticated")
                let lenderPDF = try await cluster.request(.GET, "/v1/reports/lender?format=pdf", token: token)
                #expect(lenderPDF.body.starts(with: Data("%PDF-".utf8)))

                let insights = try await cluster.request(.GET, "/v1/insights", token: token)
                #expect(insights.status == 200)
                for insight in insights.json["insights"]?.arrayValue ?? [] {
                    for id in insight["evidence"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
                        #expect(try await cluster.request(.GET, "/v1/transactions/\(id)", token: token).status == 200, "evidence \(id) is a real row")
                    }
                }

                #expect(try await cluster.request(.GET, "/v1/reports/monthly?month=2026-13", token: token).status == 422)
                #expect(try await cluster.request(.GET, "/v1/reports/monthly?format=docx", token: token).status == 422)
                #expect(try await cluster.request(.GET, "/v1/reports/lender?from=2020-01-01&to=2026-03-31", token: token).status == 422)
                let other = try await cluster.token(tenant: "globex", user: "usr_bob")
                let empty = try await cluster.request(.GET, "/v1/reports/monthly?month=2026-02", token: other).json
                #expect(empty["transaction_count"]?.int64Value == 0)
            }
        }

        @Test("the forecast reads the ledger, names its model and backtest, projects the balance, and raises balance.low once", arguments: [StoreBackend.sqlite])
        func forecast(_ backend: StoreBackend) async throws {
            try await AnalyticsCluster.run(backend) { cluster in
                let token = try await cluster.token()
                #expect(try await cluster.request(.GET, "/v1/forecast", token: token).status == 422, "nothing to forecast before an upload")
                let (data, _) = Statements.csv(seed: 61, months: 4, perDay: 8)
                #expect(try await cluster.upload(data, token: token).status == 201)
                // A "what if" (alert=false) projects the same crossing without announcing it, and leaves the day's alert.
                let whatIf = try await cluster.request(.GET, "/v1/forecast?horizon_days=30&threshold_cents=100000000000&alert=false", token: token)
                #expect(whatIf.json["first_day_below"]?["day"]?.stringValue != nil)
                #expect(whatIf.json["balance_low_event"]?.boolValue == false)
                #expect(try await cluster.request(.GET, "/v1/forecast?alert=maybe", token: token).status == 422)
                let reply = try await cluster.request(.GET, "/v1/forecast?horizon_days=30&threshold_cents=100000000000", token: token)
                #expect(reply.status == 200, "\(reply.text.prefix(400))")
                let forecast = reply.json["forecast"]
                #expect(forecast?["points"]?.arrayValue?.count == 30)
                #expect(forecast?["method"]?.stringValue?.isEmpty == false)
                #expect(forecast?["backtest"]?["mase"] != nil)
                let points = forecast?["points"]?.arrayValue ?? []
                for point in points {
                    let mean = point["mean"]?.int64Value ?? 0
                    #expect((point["lower_95"]?.int64Value ?? .max) <= mean && mean <= (point["upper_95"]?.int64Value ?? .min))
                }
                #expect(reply.json["first_day_below"]?["day"]?.stringValue != nil, "a threshold of a billion shillings is crossed at once")
                #expect(reply.json["balance_low_event"]?.boolValue == true)
                let again = try await cluster.request(.GET, "/v1/forecast?horizon_days=30&threshold_cents=100000000000", token: token)
                #expect(again.json["balance_low_event"]?.boolValue == false, "the same projected day is announced once")
                #expect(try await cluster.request(.GET, "/v1/forecast?horizon_days=500", token: token).status == 422)
            }
        }
    }
}
