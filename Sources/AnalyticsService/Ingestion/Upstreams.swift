import AsyncHTTPClient
import Categorization
import Foundation
import MPesaCore
import NIOCore
import NIOHTTP1
import Platform
import StatementParsing

/// The analytics service's calls to the parser, categorizer and cashflow services, made as the user who asked:
/// their access token travels with the call and every service checks it again (zero trust: no service acts on a
/// tenant because another service said so).
struct Upstreams: Sendable {
    let client: ServiceHTTPClient
    let settings: PlatformSettings

    /// Parses a statement file with the parser service; its 4xx problems (wrong password, not a statement…) pass through.
    func parse(_ upload: StatementFile, authorization: String) async throws(UpstreamError) -> ParsedStatement {
        let boundary = "mpesa-analytics-" + UUID().uuidString
        var body = ByteBuffer()
        func field(_ name: String, _ value: String) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        let filename = (upload.filename ?? "statement").filter { $0 != "\"" && $0 != "\r" && $0 != "\n" }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(upload.data)
        body.writeString("\r\n")
        if let password = upload.password { field("password", password) }
        if let format = upload.format { field("format", format) }
        body.writeString("--\(boundary)--\r\n")
        let url = settings.url(of: .parser) + "/v1/parse"
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Authorization", value: authorization)
        request.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(boundary)")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(body)
        let response = try await client.execute(request, timeout: .seconds(120))
        let data = try await ServiceHTTPClient.collect(response, url: url, maxBytes: 256 << 20)
        guard (200..<300).contains(response.status.code) else {
            throw .status(Int(response.status.code), url: url, problem: try? JSONDecoder().decode(Problem.self, from: data))
        }
        do {
            return try ServiceJSONCoding.makeDecoder().decode(ParsedStatement.self, from: data)
        } catch {
            throw .invalidResponse(url: url, reason: "\(error)")
        }
    }

    /// Categorises transactions in batches the categorizer accepts, keeping its decisions as the tenant's history.
    func categorize(_ transactions: [ParsedTransaction], authorization: String, progress: @Sendable (Int) async -> Void) async throws(UpstreamError) -> [CategorizationResult] {
        var results: [CategorizationResult] = []
        results.reserveCapacity(transactions.count)
        let batch = 5_000
        for start in stride(from: 0, to: transactions.count, by: batch) {
            let slice = transactions[start..<min(start + batch, transactions.count)]
            let body = CategorizeBody(transactions: slice.map(CategorizeBody.Item.init), persist: true)
            let answer = try await client.json(
                .POST, url: settings.url(of: .categorizer) + "/v1/categorize", body: body, headers: ["Authorization": authorization], timeout: .seconds(120),
                as: CategorizeAnswer.self
            )
            guard answer.results.count == slice.count else {
                throw .invalidResponse(url: settings.url(of: .categorizer) + "/v1/categorize", reason: "\(answer.results.count) results for \(slice.count) transactions")
            }
            results += answer.results
            await progress(results.count)
        }
        return results
    }

    /// Tells the categorizer that a person set these transactions' category (its model learns from it).
    func correct(_ records: [TransactionRecord], category: String, authorization: String) async throws(UpstreamError) {
        let body = FeedbackBody(corrections: records.map { .init(transactionId: $0.id, category: category, transaction: .init(record: $0)) })
        _ = try await client.json(
            .POST, url: settings.url(of: .categorizer) + "/v1/feedback", body: body, headers: ["Authorization": authorization], timeout: .seconds(30), as: JSONValue.self
        )
    }

    /// Asks the cashflow service for a forecast of a daily series.
    /// The answer is passed on as it came: decoded with a plain decoder, because the platform's snake_case key
    /// conversion would turn `lower_80` into `lower80` on the way through a JSONValue.
    func forecast(_ body: JSONValue, authorization: String) async throws(UpstreamError) -> JSONValue {
        let url = settings.url(of: .cashflow) + "/v1/forecast"
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Authorization", value: authorization)
        request.headers.add(name: "Content-Type", value: "application/json")
        guard let data = try? JSONEncoder().encode(body) else { throw .unreachable(url: url, reason: "the request body could not be encoded") }
        request.body = .bytes(ByteBuffer(bytes: data))
        let response = try await client.execute(request, timeout: .seconds(30))
        let answer = try await ServiceHTTPClient.collect(response, url: url, maxBytes: 16 << 20)
        guard (200..<300).contains(response.status.code) else {
            throw .status(Int(response.status.code), url: url, problem: try? JSONDecoder().decode(Problem.self, from: answer))
        }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: answer)
        } catch {
            throw .invalidResponse(url: url, reason: "\(error)")
        }
    }

    struct CategorizeBody: Encodable {
        struct Item: Encodable {
            var id: String
            var details: String
            var direction: String
            var amountCents: Int64
            var kind: String
            var counterparty: Counterparty?
            var localTime: String

            init(_ transaction: ParsedTransaction) {
                id = LedgerEntry.id(identity: transaction.identity)
                details = String(transaction.details.prefix(2_000))
                direction = transaction.direction.rawValue
                amountCents = transaction.amountCents
                kind = transaction.kind.rawValue
                counterparty = transaction.counterparty
                localTime = transaction.localTime.description
            }

            init(record: TransactionRecord) {
                id = record.id
                details = record.details
                direction = record.direction
                amountCents = record.amount_cents
                kind = record.kind
                counterparty = record.counterpartyValue
                localTime = record.local_time
            }
        }
        var transactions: [Item]
        var persist: Bool
    }

    struct CategorizeAnswer: Decodable {
        var results: [CategorizationResult]
    }

    struct FeedbackBody: Encodable {
        struct Correction: Encodable {
            var transactionId: String
            var category: String
            var transaction: CategorizeBody.Item
        }
        var corrections: [Correction]
    }
}

/// A statement file as uploaded: bytes, name, password (never logged or stored) and an optional format hint.
struct StatementFile: Sendable {
    var data: Data
    var filename: String?
    var password: String?
    var format: String?
}
