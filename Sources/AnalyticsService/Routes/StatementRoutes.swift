import Foundation
import Hummingbird
import NIOCore
import MPesaCore
import Platform

/// Uploads, statements and upload jobs.
enum StatementRoutes {
    static func register(on router: ServiceRouter, parts: AnalyticsParts) {
        router.post(
            "/v1/statements",
            OperationDoc(
                summary: "Upload a statement into the ledger",
                description: """
                    Send `multipart/form-data` with the file in `file` (PDF, CSV, XLSX or SMS text), `password` for an encrypted PDF and \
                    optionally `format`. The answer is a job (202, `Location: /v1/jobs/{id}`); follow it with GET /v1/jobs/{id} or its \
                    server-sent events. With `?wait=true` the answer comes when the statement is stored (201 with the statement) or \
                    refused (the problem). The statement is stored in one transaction (all rows or none); rows already in the ledger \
                    from an overlapping statement are not duplicated; the same file twice is a 409.
                    """,
                tags: ["statements"], requestBody: .init("multipart/form-data", schema: .reference("StatementUpload"), "The statement"),
                responses: [
                    .init(202, "Accepted; processing", schema: .reference("Job")), .init(201, "Stored (with ?wait=true)", schema: .reference("Statement")),
                    AnalyticsParts.problem(409, "The file is already in the ledger"), AnalyticsParts.problem(413, "The file is too large"),
                    AnalyticsParts.problem(415, "Not multipart/form-data"), AnalyticsParts.problem(422, "Missing file, unreadable statement, wrong password…"),
                ],
                requiresAuth: true
            )
        ) { request, context in
            let (caller, tenant) = try await AnalyticsParts.tenant(request, context, scope: Scope.writeStatements)
            let file = try await upload(request, context: context)
            let wait = request.uri.queryParameters.get("wait") == "true"
            let accepted = try await parts.ingestion.accept(file, tenant: tenant, user: caller.userID)
            let authorization = AnalyticsParts.authorization(request)
            if wait {
                await parts.ingestion.run(accepted, file: file, tenant: tenant, user: caller.userID, authorization: authorization)
                let job = try await parts.ingestion.job(accepted.job.id, tenant: tenant)
                if let error = job.error {
                    // The stored problem as it was recorded, extensions included (a Problem decoded back would lose them).
                    let status = (try? JSONDecoder().decode(JSONValue.self, from: Data(error.utf8)))?["status"]?.int64Value ?? 500
                    return Response(
                        status: .init(code: Int(status)),
                        headers: [.contentType: "application/problem+json", .cacheControl: "no-store", .contentLength: String(error.utf8.count)],
                        body: .init(byteBuffer: ByteBuffer(string: error))
                    )
                }
                guard let statementID = job.statement_id,
                    let statement = try await parts.store.read(tenant, { db in try await StatementStore.find(tenant: tenant.rawValue, id: statementID, on: db) })
                else { throw AnalyticsProblem.notFound("statement for job", job.id) }
                return try Response.json(AnalyticsBodies.Statement(statement, detailed: true), status: .created, location: "/v1/statements/\(statementID)")
            }
            let ingestion = parts.ingestion
            Task { await ingestion.run(accepted, file: file, tenant: tenant, user: caller.userID, authorization: authorization) }
            return try Response.json(AnalyticsBodies.Job(accepted.job), status: .accepted, location: "/v1/jobs/\(accepted.job.id)")
        }

        router.get(
            "/v1/statements",
            OperationDoc(
                summary: "The organisation's statements, newest first",
                tags: ["statements"], responses: [.init(200, "A page of statements", schema: .reference("StatementPage"))], requiresAuth: true
            )
        ) { request, context in
            let (_, tenant) = try await AnalyticsParts.tenant(request, context, scope: Scope.read)
            let query = request.uri.queryParameters
            let limit = try AnalyticsParts.limit(query, default: 50, maximum: 200)
            var before: (Int64, String)?
            if let cursor = query.get("cursor").map({ String($0) }) {
                let parts = cursor.split(separator: "_", maxSplits: 1)
                guard parts.count == 2, let time = Int64(parts[0]) else { throw AnalyticsProblem.invalid("cursor", "pass the next_cursor of the previous page unchanged") }
                before = (time, String(parts[1]))
            }
            let after = before
            let records = try await parts.store.read(tenant) { db in try await StatementStore.list(tenant: tenant.rawValue, before: after, limit: limit, on: db) }
            let next = records.count == limit ? records.last.map { "\($0.created_at)_\($0.id)" } : nil
            return try Response.json(StatementPage(statements: records.map { AnalyticsBodies.Statement($0, detailed: false) }, nextCursor: next))
        }

        router.get(
            "/v1/statements/{id}",
            OperationDoc(
                summary: "One statement with the parser's reconciliation verdict and findings",
                tags: ["statements"], responses: [.init(200, "The statement", schema: .reference("Statement")), AnalyticsParts.problem(404, "Unknown statement")],
                requiresAuth: true
            )
        ) { request, context in
            let (_, tenant) = try await AnalyticsParts.tenant(request, context, scope: Scope.read)
            let id = context.parameters.get("id") ?? ""
            guard let record = try await parts.store.read(tenant, { db in try await StatementStore.find(tenant: tenant.rawValue, id: id, on: db) }) else {
                throw AnalyticsProblem.notFound("statement", id)
            }
            return try Response.json(AnalyticsBodies.Statement(record, detailed: true))
        }

        router.delete(
            "/v1/statements/{id}",
            OperationDoc(
                summary: "Delete a statement: its rows go, rows another statement also holds stay",
                tags: ["statements"], responses: [.init(200, "Deleted", schema: .reference("StatementDeletion")), AnalyticsParts.problem(404, "Unknown statement")],
                requiresAuth: true
            )
        ) { request, context in
            let (_, tenant) = try await AnalyticsParts.tenant(request, context, scope: Scope.writeStatements)
            let id = context.parameters.get("id") ?? ""
            let answer = try await parts.store.write(tenant) { db -> StatementDeletion in
                guard let record = try await StatementStore.find(tenant: tenant.rawValue, id: id, on: db) else { throw AnalyticsProblem.notFound("statement", id) }
                let outcome = try await StatementStore.delete(tenant: tenant.rawValue, id: id, on: db)
                if let first = record.first_day, let last = record.last_day {
                    try await Rollups.refresh(tenant: tenant.rawValue, firstDay: first, lastDay: last, on: db)
                }
                // Other services that keep these transactions (the categorizer's history) forget them too.
                let chunks = stride(from: 0, to: max(outcome.removed.count, 1), by: AnalyticsEvents.deletedIDsPerEvent).map { start in
                    outcome.removed[start..<min(start + AnalyticsEvents.deletedIDsPerEvent, outcome.removed.count)]
                }
                for (index, chunk) in chunks.enumerated() {
                    let data: JSONValue = [
                        "statement_id": .string(id), "transaction_ids": .array(chunk.map(JSONValue.string)),
                        "part": .int(Int64(index + 1)), "parts": .int(Int64(chunks.count)),
                    ]
                    try await AnalyticsEvents.enqueue(AnalyticsEvents.statementDeleted, tenant: tenant.rawValue, data: data, on: db)
                }
                return StatementDeletion(statementId: id, transactionsRemoved: outcome.removed.count, transactionsKept: outcome.kept)
            }
            parts.outboxSignal.notify()
            return try Response.json(answer)
        }

        router.get(
            "/v1/jobs/{id}",
            OperationDoc(
                summary: "An upload's progress; with `Accept: text/event-stream`, live progress as server-sent events",
                tags: ["statements"],
                responses: [.init(200, "The job", schema: .reference("Job")), AnalyticsParts.problem(404, "Unknown job")], requiresAuth: true
            )
        ) { request, context in
            let (_, tenant) = try await AnalyticsParts.tenant(request, context, scope: Scope.read)
            let id = context.parameters.get("id") ?? ""
            if request.headers[.accept]?.contains("text/event-stream") == true { return try await events(id, tenant: tenant, parts: parts) }
            return try Response.json(AnalyticsBodies.Job(try await parts.ingestion.job(id, tenant: tenant)))
        }

        router.get(
            "/v1/jobs/{id}/events",
            OperationDoc(
                summary: "An upload's progress as server-sent events (`progress` events, then one `done` or `failed`)",
                tags: ["statements"], responses: [.init(200, "text/event-stream"), AnalyticsParts.problem(404, "Unknown job")], requiresAuth: true
            )
        ) { request, context in
            let (_, tenant) = try await AnalyticsParts.tenant(request, context, scope: Scope.read)
            return try await events(context.parameters.get("id") ?? "", tenant: tenant, parts: parts)
        }
    }

    /// Streams the job's state whenever it changes, until it ends (polling the store: any replica may run the job).
    static func events(_ id: String, tenant: TenantID, parts: AnalyticsParts) async throws -> Response {
        let first = try await parts.ingestion.job(id, tenant: tenant)
        let body = ResponseBody { writer in
            var last: JobRecord?
            var job = first
            let started = ContinuousClock.now
            while true {
                if job != last {
                    let data = try ServiceJSONCoding.makeEncoder().encode(AnalyticsBodies.Job(job))
                    let name = job.status == JobStatus.succeeded.rawValue ? "done" : job.status == JobStatus.failed.rawValue ? "failed" : "progress"
                    try await writer.write(ByteBuffer(string: "event: \(name)\nid: \(job.updated_at)\ndata: \(String(decoding: data, as: UTF8.self))\n\n"))
                    last = job
                }
                if job.isFinished || ContinuousClock.now - started > .seconds(600) { break }
                try await Task.sleep(for: .milliseconds(150))
                job = try await parts.ingestion.job(id, tenant: tenant)
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }

    /// Reads and checks the multipart upload.
    static func upload(_ request: Request, context: ServiceRequestContext) async throws -> StatementFile {
        let contentType = request.headers[.contentType].map(MediaTypeCheck.essence(of:)) ?? ""
        guard contentType == "multipart/form-data" else {
            throw Problem.unsupportedMediaType(got: request.headers[.contentType], expected: ["multipart/form-data"])
        }
        let form = try await MultipartForm.read(request, context: context)
        guard let part = form.part(named: "file") else {
            throw Problem.validation("The statement file is missing", errors: [.init(pointer: "file", detail: "send the statement in a part named `file`")])
        }
        guard part.body.readableBytes > 0 else { throw Problem.validation("The statement file is empty", errors: [.init(pointer: "file", detail: "the file has no bytes")]) }
        let password = form.text("password")
        if let password, password.utf8.count > 256 { throw AnalyticsProblem.invalid("password", "at most 256 bytes") }
        let format = form.text("format").flatMap { $0.isEmpty ? nil : $0 }
        if let format, format.count > 40 || !format.allSatisfy({ $0.isLetter || $0 == "_" }) { throw AnalyticsProblem.invalid("format", "a format name such as personal_pdf") }
        return StatementFile(data: Data(buffer: part.body), filename: part.filename.map { String($0.prefix(255)) }, password: password?.isEmpty == true ? nil : password, format: format)
    }

    struct StatementPage: Encodable {
        var statements: [AnalyticsBodies.Statement]
        var nextCursor: String?
    }

    struct StatementDeletion: Encodable {
        var statementId: String
        var transactionsRemoved: Int
        var transactionsKept: Int
    }
}
