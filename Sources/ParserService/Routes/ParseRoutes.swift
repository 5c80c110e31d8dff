import Hummingbird
import Platform
import StatementParsing

/// `POST /v1/parse` and `POST /v1/detect`.
enum ParseRoutes {
    static let bodies: [OperationDoc.Body] = [
        .init("multipart/form-data", schema: .reference("StatementUpload"), "The statement file in `file`, its `password` when encrypted, an optional `format` hint"),
    ]

    static func register(on router: ServiceRouter, handler: ParseHandler) {
        router.post(
            "/v1/parse",
            OperationDoc(
                summary: "Parse a statement file or pasted SMS",
                description: """
                    Send `multipart/form-data` with the file in `file` (and `password` for an encrypted PDF, optionally `format`), \
                    or `text/plain` with one or more SMS confirmations. The answer holds the rows as printed, the normalised \
                    transactions and the reconciliation report. Nothing is stored.
                    """,
                tags: ["parsing"],
                requestBody: .init("multipart/form-data", schema: .reference("StatementUpload"), "The statement; or text/plain SMS"),
                responses: [
                    .init(200, "The parsed statement", schema: .reference("ParsedStatement")),
                    .init(422, "The file cannot be read as a statement: password required or wrong, scanned, not a statement, damaged …", contentType: "application/problem+json", schema: .reference("Problem")),
                ]
            )
        ) { request, context in
            try await handler.parse(request, context: context)
        }
        router.post(
            "/v1/detect",
            OperationDoc(
                summary: "Tell which format a file is and whether it needs a password",
                tags: ["parsing"],
                requestBody: .init("multipart/form-data", schema: .reference("StatementUpload"), "The statement file in `file`"),
                responses: [.init(200, "What the file is", schema: .reference("FormatDetection"))]
            )
        ) { request, context in
            try await handler.detect(request, context: context)
        }
    }
}
