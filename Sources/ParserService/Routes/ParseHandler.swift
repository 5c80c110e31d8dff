import Foundation
import Hummingbird
import NIOCore
import Platform
import StatementParsing

/// Reads an upload, runs the parser within the concurrency limit, and answers JSON or a problem.
struct ParseHandler: Sendable {
    let parser: StatementParser
    let limiter: ConcurrencyLimiter
    let metrics: ServiceMetrics

    func parse(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let upload = try await StatementUpload(from: request, context: context)
        let started = ContinuousClock.now
        do {
            let statement = try await limiter.run {
                try await parser.parse(upload.data, filename: upload.filename, password: upload.password, hint: upload.formatHint)
            }
            metrics.counter("statements_parsed", help: "Statements parsed, by format and verdict", labels: [
                ("format", statement.metadata.format.rawValue), ("verdict", statement.reconciliation.verdict.rawValue),
            ]).increment()
            context.logger.info("statement parsed", metadata: [
                "format": .string(statement.metadata.format.rawValue), "rows": .stringConvertible(statement.rows.count),
                "verdict": .string(statement.reconciliation.verdict.rawValue),
                "parse_ms": .stringConvertible((ContinuousClock.now - started).components.seconds * 1000 + (ContinuousClock.now - started).components.attoseconds / 1_000_000_000_000_000),
            ])
            return try encode(statement)
        } catch let error as StatementParseError {
            metrics.counter("statements_refused", help: "Uploads that could not be parsed, by reason", labels: [("reason", ParsingProblem.code(error))]).increment()
            throw ParsingProblem.problem(for: error)
        }
    }

    func detect(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let upload = try await StatementUpload(from: request, context: context)
        let detection = try await limiter.run { await parser.detect(upload.data, filename: upload.filename) }
        return try encode(detection)
    }

    private func encode(_ value: some Encodable) throws -> Response {
        let data = try ServiceJSONCoding.makeEncoder().encode(value)
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(data.count), .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(data: data))
        )
    }
}

/// The pieces of an upload: the bytes, the password (never logged) and an optional format hint.
struct StatementUpload {
    var data: Data
    var filename: String?
    var password: String?
    var formatHint: StatementFormat?

    init(from request: Request, context: ServiceRequestContext) async throws {
        let contentType = request.headers[.contentType].map(MediaTypeCheck.essence(of:)) ?? ""
        if contentType == "text/plain" {
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: context.maxUploadSize)
            } catch let error as HTTPError where error.status == .contentTooLarge {
                throw Problem.payloadTooLarge(limit: context.maxUploadSize)
            }
            guard buffer.readableBytes > 0 else { throw Problem.badRequest("The body is empty; paste one or more M-PESA SMS confirmations") }
            data = Data(buffer: buffer)
            filename = "messages.txt"
            formatHint = .sms
            return
        }
        guard contentType == "multipart/form-data" else {
            throw Problem.unsupportedMediaType(got: request.headers[.contentType], expected: ["multipart/form-data", "text/plain"])
        }
        let form = try await MultipartForm.read(request, context: context)
        guard let file = form.part(named: "file") else {
            throw Problem.validation("The statement file is missing", errors: [.init(pointer: "file", detail: "send the statement in a part named `file`")])
        }
        guard file.body.readableBytes > 0 else {
            throw Problem.validation("The statement file is empty", errors: [.init(pointer: "file", detail: "the file has no bytes")])
        }
        data = Data(buffer: file.body)
        filename = file.filename
        let password = form.text("password")
        if let password, password.utf8.count > 256 {
            throw Problem.validation("The password is too long", errors: [.init(pointer: "password", detail: "at most 256 bytes")])
        }
        self.password = password?.isEmpty == true ? nil : password
        if let format = form.text("format"), !format.isEmpty {
            guard let hint = StatementFormat(rawValue: format) else {
                throw Problem.validation(
                    "Unknown format",
                    errors: [.init(pointer: "format", detail: "one of \(StatementFormat.allCases.map(\.rawValue).joined(separator: ", "))")]
                )
            }
            formatHint = hint
        }
    }
}
