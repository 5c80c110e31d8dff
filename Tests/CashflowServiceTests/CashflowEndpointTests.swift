import CashflowService
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Platform
import Testing
import TestSupport

@Suite("Cashflow: forecast, trend, anomalies and runway over a posted series")
struct CashflowEndpointTests {
    static func weekly(days: Int, start: String = "2026-01-05") -> JSONValue {
        let pattern: [Int64] = [120_000, 90_000, 100_000, 110_000, 180_000, 220_000, -60_000]
        return ["start": .string(start), "values_cents": .array((0..<days).map { .int(pattern[$0 % 7] + Int64(($0 * 7919) % 13) * 1_000) })]
    }

    func send(_ path: String, _ body: JSONValue?, token: String?) async throws -> (Int, JSONValue) {
        let key = try SigningKey()
        let application = CashflowService.makeApplication(configuration: try PlatformSettings.testing(), dependencies: TestServices.dependencies(for: .cashflow, keys: [key]))
        var claims = TokenFactory.claims(subject: "usr_alice", tenant: "acme", role: "analyst")
        claims.scope = "read"
        let signed = try await TokenFactory.sign(claims, with: key)
        let bearer = token ?? signed
        return try await application.test(.router) { client in
            var headers: HTTPFields = [.contentType: "application/json"]
            if !bearer.isEmpty { headers[.authorization] = "Bearer \(bearer)" }
            let buffer = body.map { ByteBuffer(data: try! JSONEncoder().encode($0)) }
            return try await client.execute(uri: path, method: .post, headers: headers, body: buffer) { response in
                (Int(response.status.code), (try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))) ?? .null)
            }
        }
    }

    @Test("a forecast names its model and backtest, has 80% inside 95% bounds, and projects the balance")
    func forecast() async throws {
        let (status, json) = try await send("/v1/forecast", ["series": Self.weekly(days: 140), "horizon_days": 14, "opening_balance_cents": 500_000, "threshold_cents": 0], token: nil)
        #expect(status == 200, "\(json)")
        let points = json["forecast"]?["points"]?.arrayValue ?? []
        #expect(points.count == 14)
        for point in points {
            let (l95, l80, u80, u95) = (point["lower_95"]?.int64Value ?? 0, point["lower_80"]?.int64Value ?? 0, point["upper_80"]?.int64Value ?? 0, point["upper_95"]?.int64Value ?? 0)
            #expect(l95 <= l80 && l80 <= u80 && u80 <= u95)
        }
        #expect(json["forecast"]?["backtest"]?["mase"] != nil)
        #expect(json["balance"]?["days"]?.arrayValue?.count == 14)
    }

    @Test("short, empty, unbounded and malformed series get a clear answer, never a crash")
    func badSeries() async throws {
        let short = try await send("/v1/forecast", ["series": ["start": "2026-03-01", "values_cents": [1000, 2000, 1500]], "horizon_days": 7], token: nil)
        #expect(short.0 == 200)
        #expect(short.1["forecast"]?["notes"]?.arrayValue?.isEmpty == false, "a 3-day history says what it cannot tell")
        let zeros = try await send("/v1/forecast", ["series": ["start": "2026-03-01", "values_cents": .array(Array(repeating: 0, count: 60))], "horizon_days": 7], token: nil)
        #expect(zeros.0 == 200)
        let cases: [(JSONValue, String)] = [
            (["series": ["start": "2026-03-01", "values_cents": []]], "/series/values_cents"),
            (["series": ["start": "yesterday", "values_cents": [1]]], "/series/start"),
            (["series": Self.weekly(days: 30), "horizon_days": 365], "/horizon_days"),
            (["series": Self.weekly(days: 30), "horizon_days": 3], "/horizon_days"),
        ]
        for (body, pointer) in cases {
            let (status, json) = try await send("/v1/forecast", body, token: nil)
            #expect(status == 422, "\(body)")
            #expect((json["errors"]?.arrayValue ?? []).contains { $0["pointer"]?.stringValue == pointer }, "\(json)")
        }
        #expect(try await send("/v1/forecast", nil, token: nil).0 == 400)
        #expect(try await send("/v1/forecast", ["series": Self.weekly(days: 30)], token: "").0 == 401)
    }

    @Test("trend, anomalies and runway answer over the same series")
    func analyses() async throws {
        var values = (0..<120).map { JSONValue.int(100_000 + Int64($0) * 1_000) }
        values[60] = .int(5_000_000)
        let series: JSONValue = ["start": "2026-01-01", "values_cents": .array(values)]
        let trend = try await send("/v1/trend", ["series": series], token: nil)
        #expect(trend.0 == 200)
        #expect(trend.1["direction"]?.stringValue == "rising")
        let anomalies = try await send("/v1/anomalies", ["series": series], token: nil)
        #expect(anomalies.1["anomalies"]?.arrayValue?.contains { $0["day"]?.stringValue == "2026-03-02" } == true, "\(anomalies.1)")
        let burning: JSONValue = ["start": "2026-01-01", "values_cents": .array(Array(repeating: .int(-10_000), count: 90))]
        let runway = try await send("/v1/runway", ["series": burning, "balance_cents": 300_000], token: nil)
        #expect(runway.0 == 200)
        #expect(runway.1["runway_days"]?.int64Value == 30, "\(runway.1)")
    }
}
