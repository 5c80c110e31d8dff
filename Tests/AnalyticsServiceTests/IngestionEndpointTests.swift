import Foundation
import MPesaCore
import Platform
import Testing
import TestSupport

extension AnalyticsEndpointSuites {
    @Suite("Analytics: statement ingestion", .serialized)
    struct IngestionEndpointTests {
        @Test("an uploaded statement is parsed, categorised and stored once; a re-upload is 409 and an overlap adds only new rows", arguments: StoreBackend.allCases)
        func uploadOnceAndOverlap(_ backend: StoreBackend) async throws {
            try await AnalyticsCluster.run(backend) { cluster in
                let token = try await cluster.token()
                let (data, statement) = Statements.csv(seed: 11, months: 2, perDay: 6)
                let first = try await cluster.upload(data, token: token)
                #expect(first.status == 201, "\(first.text)")
                let stored = first.json
                let count = stored["transaction_count"]?.intValue ?? 0
                #expect(count > 100)
                #expect(stored["new_transaction_count"]?.intValue == count)
                #expect(stored["verdict"]?.stringValue == "unverifiable", "a CSV carries no evidence of authenticity, but its balances chain")

                let again = try await cluster.upload(data, token: token)
                #expect(again.status == 409)
                #expect(again.json["statement_id"]?.stringValue == stored["id"]?.stringValue)

                // An overlapping statement of the same account: the older half plus rows the first one also had.
                let rows = statement.rows.count
                let overlap = Statements.slice(statement, rows: (rows / 3)..<rows)
                let second = try await cluster.upload(overlap, filename: "older.csv", token: token)
                #expect(second.status == 201, "\(second.text)")
                #expect(second.json["new_transaction_count"]?.intValue == 0, "every row of the slice is already in the ledger")
                #expect((second.json["duplicate_count"]?.intValue ?? 0) > 0)

                let listed = try await cluster.request(.GET, "/v1/transactions?limit=1&include_totals=true", token: token)
                #expect(listed.json["totals"]?["count"]?.intValue == count, "no duplicates after the overlap")

                // Deleting the first statement keeps the rows the second still holds.
                let deleted = try await cluster.request(.DELETE, "/v1/statements/\(stored["id"]?.stringValue ?? "")", token: token)
                #expect(deleted.status == 200)
                let kept = deleted.json["transactions_kept"]?.intValue ?? -1
                let removed = deleted.json["transactions_removed"]?.intValue ?? -1
                #expect(kept == second.json["transaction_count"]?.intValue)
                #expect(kept + removed == count)
                let after = try await cluster.request(.GET, "/v1/transactions?limit=1&include_totals=true", token: token)
                #expect(after.json["totals"]?["count"]?.intValue == kept)
                let summary = try await cluster.request(.GET, "/v1/summary", token: token)
                #expect(summary.json["transaction_count"]?.intValue ?? 0 <= kept)
                // The whole-ledger counterparty counts moved with the deletion: they equal a count of the rows left.
                let rowsLeft = try JSONDecoder().decode([JSONValue].self, from: try await cluster.request(.GET, "/v1/transactions/export?format=json", token: token).body)
                for direction in ["in", "out"] {
                    let keys = Set(rowsLeft.filter { $0["direction"]?.stringValue == direction && $0["status"]?.stringValue == "completed" }
                        .compactMap { $0["counterparty_key"]?.stringValue }.filter { !$0.hasPrefix("internal") })
                    let counted = try await cluster.request(.GET, "/v1/counterparties", token: token).json
                    #expect(counted[direction == "in" ? "customer_count" : "supplier_count"]?.intValue == keys.count, "\(direction)")
                }
            }
        }

        @Test("bad uploads get a problem and store nothing: not multipart, no file, empty, not a statement, wrong password", arguments: StoreBackend.allCases)
        func badUploads(_ backend: StoreBackend) async throws {
            try await AnalyticsCluster.run(backend) { cluster in
                let token = try await cluster.token()
                let json = try await cluster.request(.POST, "/v1/statements", token: token, json: ["file": "x"])
                #expect(json.status == 415)
                #expect(json.headers["content-type"]?.hasPrefix("application/problem+json") == true)
                var noFile = MultipartBody()
                noFile.add("password", "1234")
                let missing = try await cluster.request(.POST, "/v1/statements", token: token, body: noFile.buffer, contentType: noFile.contentType)
                #expect(missing.status == 422)
                #expect(try await cluster.upload(Data(), token: token).status == 422)
                let garbage = try await cluster.upload(Data("this is not a statement\n1,2,3\n".utf8), filename: "notes.csv", token: token)
                #expect((400..<500).contains(garbage.status), "\(garbage.text)")
                // A truncated statement: the header and half a row.
                let (data, _) = Statements.csv(seed: 3, months: 1, perDay: 4)
                let truncated = try await cluster.upload(data.prefix(200), filename: "cut.csv", token: token)
                #expect(truncated.status == 422, "\(truncated.text)")
                #expect(truncated.json["type"]?.stringValue?.hasSuffix("statement-incomplete") == true)
                let listed = try await cluster.request(.GET, "/v1/statements", token: token)
                #expect(listed.json["statements"]?.arrayValue?.isEmpty == true)
                let rows = try await cluster.request(.GET, "/v1/transactions?include_totals=true", token: token)
                #expect(rows.json["totals"]?["count"]?.intValue == 0)
                let unauthenticated = try await cluster.upload(data, token: "not-a-token")
                #expect(unauthenticated.status == 401)
                let viewer = try await cluster.token(role: .viewer)
                #expect(try await cluster.upload(data, token: viewer).status == 403)
            }
        }

        @Test("two concurrent uploads of one file: one wins, the other is told which statement holds it, no duplicate rows", arguments: StoreBackend.allCases)
        func concurrentUploads(_ backend: StoreBackend) async throws {
            try await AnalyticsCluster.run(backend) { cluster in
                let token = try await cluster.token()
                let (data, _) = Statements.csv(seed: 5, months: 1, perDay: 8)
                async let one = cluster.upload(data, token: token)
                async let two = cluster.upload(data, token: token)
                let statuses = [try await one.status, try await two.status].sorted()
                #expect(statuses == [201, 409])
                let statements = try await cluster.request(.GET, "/v1/statements", token: token)
                #expect(statements.json["statements"]?.arrayValue?.count == 1)
                let count = statements.json["statements"]?.arrayValue?.first?["transaction_count"]?.intValue
                let rows = try await cluster.request(.GET, "/v1/transactions?limit=1&include_totals=true", token: token)
                #expect(rows.json["totals"]?["count"]?.intValue == count)
            }
        }

        @Test("an upload without ?wait is a job whose progress streams as server-sent events until done", arguments: [StoreBackend.sqlite])
        func jobAndEvents(_ backend: StoreBackend) async throws {
            try await AnalyticsCluster.run(backend) { cluster in
                let token = try await cluster.token()
                let (data, _) = Statements.csv(seed: 9, months: 1, perDay: 5)
                let accepted = try await cluster.upload(data, token: token, wait: false)
                #expect(accepted.status == 202)
                let job = accepted.json["id"]?.stringValue ?? ""
                #expect(accepted.headers["location"] == "/v1/jobs/\(job)")
                let stream = try await cluster.request(.GET, "/v1/jobs/\(job)/events", token: token)
                #expect(stream.headers["content-type"]?.hasPrefix("text/event-stream") == true)
                #expect(stream.text.contains("event: done"), "\(stream.text.suffix(400))")
                let status = try await cluster.request(.GET, "/v1/jobs/\(job)", token: token)
                #expect(status.json["status"]?.stringValue == "succeeded")
                #expect(status.json["progress"]?.intValue == 100)
                let statement = status.json["statement_id"]?.stringValue ?? ""
                let detail = try await cluster.request(.GET, "/v1/statements/\(statement)", token: token)
                #expect(detail.status == 200)
                #expect(detail.json["reconciliation"]?["checks"]?["balance_chain"]?.stringValue == "passed")
                // Another organisation sees neither the job nor the statement.
                let other = try await cluster.token(tenant: "globex", user: "usr_bob")
                #expect(try await cluster.request(.GET, "/v1/jobs/\(job)", token: other).status == 404)
                #expect(try await cluster.request(.GET, "/v1/statements/\(statement)", token: other).status == 404)
                #expect(try await cluster.request(.DELETE, "/v1/statements/\(statement)", token: other).status == 404)
            }
        }

        @Test("the Free plan's 5 statements and 5,000 transactions a month hold: the next upload is refused and stores nothing", arguments: [StoreBackend.sqlite])
        func planLimits(_ backend: StoreBackend) async throws {
            try await AnalyticsCluster.run(backend) { cluster in
                let token = try await cluster.token()
                for month in 1...5 {
                    let (data, _) = Statements.csv(seed: UInt64(70 + month), months: 1, endDate: LocalDateTime(year: 2025, month: month, day: 28)!, perDay: 2)
                    #expect(try await cluster.upload(data, token: token).status == 201)
                }
                let (sixth, _) = Statements.csv(seed: 80, months: 1, endDate: LocalDateTime(year: 2025, month: 6, day: 28)!, perDay: 2)
                let refused = try await cluster.upload(sixth, token: token)
                #expect(refused.status == 403)
                #expect(refused.json["type"]?.stringValue?.hasSuffix("plan-limit") == true)
                #expect(refused.json["limit"]?.stringValue == "statements_per_month")
                // Deleting a statement does not give the month's quota back.
                let first = try await cluster.request(.GET, "/v1/statements?limit=1", token: token).json["statements"]?.arrayValue?.first?["id"]?.stringValue ?? ""
                #expect(try await cluster.request(.DELETE, "/v1/statements/\(first)", token: token).status == 200)
                #expect(try await cluster.upload(sixth, token: token).status == 403)

                // Another organisation: one statement of more than 5,000 transactions is refused whole.
                let other = try await cluster.token(tenant: "globex", user: "usr_bob")
                let (big, _) = Statements.csv(seed: 81, months: 3, perDay: 70)
                let tooMany = try await cluster.upload(big, token: other)
                #expect(tooMany.status == 403, "\(tooMany.text.prefix(300))")
                #expect(tooMany.json["limit"]?.stringValue == "transactions_per_month")
                #expect(try await cluster.request(.GET, "/v1/transactions?include_totals=true", token: other).json["totals"]?["count"]?.intValue == 0)
                #expect(try await cluster.request(.GET, "/v1/statements", token: other).json["statements"]?.arrayValue?.isEmpty == true)
            }
        }
    }
}
