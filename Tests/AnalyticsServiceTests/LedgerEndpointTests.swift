import Foundation
import MPesaCore
import Platform
import Testing
import TestSupport

extension AnalyticsEndpointSuites {
    @Suite("Analytics: the ledger and its figures", .serialized)
    struct LedgerEndpointTests {
        @Test("every figure agrees: categories sum to the totals, buckets sum to the net, pages cover the ledger once, exports hold every row", arguments: StoreBackend.allCases)
        func figuresAgree(_ backend: StoreBackend) async throws {
            try await AnalyticsCluster.run(backend) { cluster in
                let token = try await cluster.token()
                let (data, statement) = Statements.csv(seed: 21, months: 3, perDay: 8)
                let upload = try await cluster.upload(data, token: token)
                #expect(upload.status == 201, "\(upload.text)")
                let count = upload.json["transaction_count"]?.intValue ?? 0

                let summary = try await cluster.request(.GET, "/v1/summary", token: token).json
                let categories = try await cluster.request(.GET, "/v1/categories", token: token).json
                let series = try await cluster.request(.GET, "/v1/timeseries?granularity=week", token: token).json
                let inflow = summary["inflow_cents"]?.int64Value ?? -1
                let outflow = summary["outflow_cents"]?.int64Value ?? -1
                let lines = categories["categories"]?.arrayValue ?? []
                #expect(lines.filter { $0["direction"]?.stringValue == "in" }.reduce(0) { $0 + ($1["amount_cents"]?.int64Value ?? 0) } == inflow)
                #expect(lines.filter { $0["direction"]?.stringValue == "out" }.reduce(0) { $0 + ($1["amount_cents"]?.int64Value ?? 0) } == outflow)
                let kinds = summary["by_kind"]?.arrayValue ?? []
                #expect(kinds.filter { $0["direction"]?.stringValue == "in" }.reduce(0) { $0 + ($1["amount_cents"]?.int64Value ?? 0) } == inflow)
                #expect(kinds.reduce(0) { $0 + ($1["count"]?.int64Value ?? 0) } == summary["transaction_count"]?.int64Value)
                let points = series["points"]?.arrayValue ?? []
                #expect(points.reduce(0) { $0 + ($1["net_cents"]?.int64Value ?? 0) } == summary["net_cents"]?.int64Value)
                #expect(points.reduce(0) { $0 + ($1["count"]?.int64Value ?? 0) } == summary["transaction_count"]?.int64Value)
                #expect(inflow > 0 && outflow > 0)

                // The net is the change of the running balance over the statement (the balances chain).
                let opening = statement.metadata.openingBalanceCents ?? 0
                let closing = statement.metadata.closingBalanceCents ?? 0
                #expect(summary["net_cents"]?.int64Value == closing - opening)

                // Every row once across pages, in order, whatever the sort.
                for sort in ["-time", "amount"] {
                    var seen: [String] = []
                    var cursor: String?
                    repeat {
                        let page = try await cluster.request(.GET, "/v1/transactions?limit=97&sort=\(sort)" + (cursor.map { "&cursor=\($0)" } ?? ""), token: token).json
                        seen += (page["transactions"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
                        cursor = page["next_cursor"]?.stringValue
                    } while cursor != nil
                    #expect(seen.count == count)
                    #expect(Set(seen).count == count)
                }

                let csv = try await cluster.request(.GET, "/v1/transactions/export?format=csv", token: token)
                #expect(csv.headers["content-type"]?.hasPrefix("text/csv") == true)
                #expect(csv.text.split(separator: "\r\n").count == count + 1)
                let json = try await cluster.request(.GET, "/v1/transactions/export?format=json&direction=in", token: token)
                let exported = try JSONDecoder().decode([JSONValue].self, from: json.body)
                #expect(exported.allSatisfy { $0["direction"]?.stringValue == "in" })
                #expect(exported.count == summary["inflow_count"]?.intValue ?? -1)

                let heatmap = try await cluster.request(.GET, "/v1/heatmap", token: token).json
                #expect(heatmap["cells"]?.arrayValue?.count == 168)
                #expect((heatmap["cells"]?.arrayValue ?? []).reduce(0) { $0 + ($1["count"]?.int64Value ?? 0) } == summary["transaction_count"]?.int64Value)

                let counterparties = try await cluster.request(.GET, "/v1/counterparties?limit=5", token: token).json
                #expect((counterparties["customers"]?.arrayValue?.count ?? 0) <= 5)
                #expect((counterparties["suppliers"]?.arrayValue?.count ?? 0) > 0)
            }
        }

        @Test("recategorising moves the money between categories, teaches the categorizer, and notes and tags stick", arguments: StoreBackend.allCases)
        func recategorise(_ backend: StoreBackend) async throws {
            try await AnalyticsCluster.run(backend) { cluster in
                let token = try await cluster.token()
                let (data, _) = Statements.csv(seed: 31, months: 1, perDay: 6)
                #expect(try await cluster.upload(data, token: token).status == 201)
                let page = try await cluster.request(.GET, "/v1/transactions?direction=out&limit=3&sort=-amount", token: token).json
                let rows = page["transactions"]?.arrayValue ?? []
                let ids = rows.compactMap { $0["id"]?.stringValue }
                #expect(ids.count == 3)
                let moved = rows.reduce(Int64(0)) { $0 + ($1["amount_cents"]?.int64Value ?? 0) }
                let before = try await cluster.request(.GET, "/v1/categories", token: token).json
                func amount(_ breakdown: JSONValue, _ category: String) -> Int64 {
                    (breakdown["categories"]?.arrayValue ?? []).filter { $0["category"]?.stringValue == category && $0["direction"]?.stringValue == "out" }
                        .reduce(0) { $0 + ($1["amount_cents"]?.int64Value ?? 0) }
                }
                let target = "rent"
                let already = rows.filter { $0["category"]?.stringValue == target }.reduce(Int64(0)) { $0 + ($1["amount_cents"]?.int64Value ?? 0) }
                let bulk = try await cluster.request(.PATCH, "/v1/transactions", token: token, json: ["ids": .array(ids.map(JSONValue.string)), "category": .string(target)])
                #expect(bulk.status == 200, "\(bulk.text)")
                let after = try await cluster.request(.GET, "/v1/categories", token: token).json
                #expect(amount(after, target) == amount(before, target) + moved - already)
                let one = try await cluster.request(.GET, "/v1/transactions/\(ids[0])", token: token).json
                #expect(one["category"]?.stringValue == target)
                #expect(one["category_source"]?.stringValue == "manual")
                #expect(one["statement_ids"]?.arrayValue?.count == 1)

                let noted = try await cluster.request(.PATCH, "/v1/transactions/\(ids[1])", token: token, json: ["note": "March rent, paid late", "tags": ["landlord", "q1"]])
                #expect(noted.status == 200)
                #expect(noted.json["note"]?.stringValue == "March rent, paid late")
                let tagged = try await cluster.request(.GET, "/v1/transactions?tag=landlord", token: token).json
                #expect(tagged["transactions"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [ids[1]])
                let searched = try await cluster.request(.GET, "/v1/transactions?q=paid%20late", token: token).json
                #expect(searched["transactions"]?.arrayValue?.count == 1)
                // An insight's evidence opens as a ledger view: exactly the ids asked for.
                let picked = try await cluster.request(.GET, "/v1/transactions?id=\(ids[0]),\(ids[2])&include_totals=true", token: token).json
                #expect(Set(picked["transactions"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []) == [ids[0], ids[2]])
                #expect(picked["totals"]?["count"]?.intValue == 2)

                let unknown = try await cluster.request(.PATCH, "/v1/transactions/\(ids[2])", token: token, json: ["category": "no-such-category"])
                #expect(unknown.status == 422)
                #expect(try await cluster.request(.PATCH, "/v1/transactions/tx_000", token: token, json: ["note": "x"]).status == 404)
                #expect(try await cluster.request(.PATCH, "/v1/transactions/\(ids[2])", token: token, json: [:]).status == 422)
                let viewer = try await cluster.token(role: .viewer)
                #expect(try await cluster.request(.PATCH, "/v1/transactions/\(ids[2])", token: viewer, json: ["note": "x"]).status == 403)
            }
        }

        @Test("bad filters and periods are 422 problems naming the parameter")
        func badQueries() async throws {
            try await AnalyticsCluster.run(.sqlite) { cluster in
                let token = try await cluster.token()
                let cases: [(String, String)] = [
                    ("/v1/transactions?from=2026-03-10&to=2026-03-01", "from"), ("/v1/transactions?from=yesterday", "from"),
                    ("/v1/transactions?kind=bribe", "kind"), ("/v1/transactions?direction=up", "direction"),
                    ("/v1/transactions?min_amount_cents=-5", "min_amount_cents"), ("/v1/transactions?sort=random", "sort"),
                    ("/v1/transactions?cursor=not-a-cursor", "cursor"), ("/v1/transactions?limit=0", "limit"), ("/v1/transactions?limit=100000", "limit"),
                    ("/v1/summary?from=2026-03-10&to=2026-03-01", "from"), ("/v1/summary?granularity=hour", "granularity"),
                    ("/v1/summary?from=1990-01-01&to=2026-01-01", "from"), ("/v1/timeseries?granularity=day&from=2020-01-01&to=2026-01-01", "granularity"),
                    ("/v1/transactions/export?format=xml", "format"), ("/v1/transactions?id=stm_1", "id"),
                ]
                for (path, pointer) in cases {
                    let reply = try await cluster.request(.GET, path, token: token)
                    #expect(reply.status == 422, "\(path): \(reply.status)")
                    #expect(reply.headers["content-type"]?.hasPrefix("application/problem+json") == true)
                    let pointers = (reply.json["errors"]?.arrayValue ?? []).compactMap { $0["pointer"]?.stringValue }
                    #expect(pointers.contains(pointer), "\(path): \(pointers)")
                }
                // An empty ledger answers zeros, not errors.
                let empty = try await cluster.request(.GET, "/v1/summary", token: token)
                #expect(empty.status == 200)
                #expect(empty.json["transaction_count"]?.int64Value == 0)
            }
        }

        @Test("another organisation sees none of the ledger: lists, details, figures and exports are empty or 404", arguments: StoreBackend.allCases)
        func isolation(_ backend: StoreBackend) async throws {
            try await AnalyticsCluster.run(backend) { cluster in
                let acme = try await cluster.token()
                let globex = try await cluster.token(tenant: "globex", user: "usr_bob")
                let (data, _) = Statements.csv(seed: 41, months: 1, perDay: 5)
                let upload = try await cluster.upload(data, token: acme)
                #expect(upload.status == 201)
                let id = try await cluster.request(.GET, "/v1/transactions?limit=1", token: acme).json["transactions"]?.arrayValue?.first?["id"]?.stringValue ?? ""
                #expect(try await cluster.request(.GET, "/v1/transactions/\(id)", token: globex).status == 404)
                #expect(try await cluster.request(.PATCH, "/v1/transactions/\(id)", token: globex, json: ["note": "mine now"]).status == 404)
                #expect(try await cluster.request(.PATCH, "/v1/transactions", token: globex, json: ["ids": [.string(id)], "category": "rent"]).status == 404)
                let list = try await cluster.request(.GET, "/v1/transactions?include_totals=true", token: globex).json
                #expect(list["totals"]?["count"]?.intValue == 0)
                let statement = upload.json["id"]?.stringValue ?? ""
                #expect(try await cluster.request(.GET, "/v1/transactions?statement_id=\(statement)", token: globex).json["transactions"]?.arrayValue?.isEmpty == true)
                #expect(try await cluster.request(.GET, "/v1/transactions?id=\(id)", token: globex).json["transactions"]?.arrayValue?.isEmpty == true)
                let summary = try await cluster.request(.GET, "/v1/summary?from=2026-01-01&to=2026-12-31", token: globex).json
                #expect(summary["transaction_count"]?.int64Value == 0)
                let export = try await cluster.request(.GET, "/v1/transactions/export?format=json", token: globex)
                #expect(try JSONDecoder().decode([JSONValue].self, from: export.body).isEmpty)
                // The same file is a new statement for another organisation, not a duplicate of acme's.
                #expect(try await cluster.upload(data, token: globex).status == 201)
            }
        }
    }
}
