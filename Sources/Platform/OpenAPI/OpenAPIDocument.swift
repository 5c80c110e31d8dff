/// Builds a service's OpenAPI 3.1 document from the routes it registered, plus the shared schemas.
public struct OpenAPIDocument: Sendable {
    public var title: String
    public var version: String
    public var description: String
    public var routes: [RegisteredRoute]
    public var schemas: [(String, JSONSchema)]

    public init(title: String, version: String, description: String, routes: [RegisteredRoute], schemas: [(String, JSONSchema)]) {
        self.title = title
        self.version = version
        self.description = description
        self.routes = routes
        self.schemas = schemas
    }

    /// Schemas every service shares.
    public static let commonSchemas: [(String, JSONSchema)] = [
        (
            "Problem",
            .object(
                properties: [
                    ("type", .string(format: "uri-reference", description: "Identifies the kind of problem; see docs/problems.md")),
                    ("title", .string(description: "Short summary, the same for every occurrence of this type")),
                    ("status", .integer(format: "int32", description: "The HTTP status code")),
                    ("detail", .string(description: "What happened in this case and what to do about it")),
                    ("instance", .string(description: "The request path")),
                    ("request_id", .string(description: "Quote it to support; it appears in our logs")),
                    (
                        "errors",
                        .array(of: .object(
                            properties: [("pointer", .string(description: "JSON Pointer to the field")), ("detail", .string())],
                            required: ["pointer", "detail"]
                        ))
                    ),
                ],
                required: ["type", "title", "status"],
                description: "An RFC 9457 problem document",
                additionalProperties: .any()
            )
        ),
        (
            "Health",
            .object(
                properties: [
                    ("status", .string(enumValues: ["ok"])), ("service", .string()), ("version", .string()),
                    ("uptime_seconds", .integer()),
                ],
                required: ["status", "service", "version"]
            )
        ),
        (
            "Readiness",
            .object(
                properties: [
                    ("status", .string(enumValues: ["ready", "not_ready"])),
                    ("service", .string()),
                    (
                        "checks",
                        .map(of: .object(
                            properties: [
                                ("status", .string(enumValues: ["up", "down"])), ("kind", .string(enumValues: ["database", "upstream", "dependency"])),
                                ("latency_ms", .number()), ("error", .string()), ("target", .string()),
                            ],
                            required: ["status", "kind"]
                        ))
                    ),
                ],
                required: ["status", "service", "checks"]
            )
        ),
    ]

    public var json: JSONValue {
        var paths: [(String, JSONValue)] = []
        let grouped = Dictionary(grouping: routes, by: \.openAPIPath)
        for path in grouped.keys.sorted() {
            let operations = grouped[path]!.sorted { $0.method < $1.method }
            paths.append((path, .object(operations.map { ($0.method.lowercased(), operationJSON($0)) })))
        }
        return .object([
            ("openapi", "3.1.0"),
            ("info", .object([("title", .string(title)), ("version", .string(version)), ("description", .string(description))])),
            ("paths", .object(paths)),
            (
                "components",
                .object([
                    ("schemas", .object((Self.commonSchemas + schemas).map { ($0.0, $0.1.json) })),
                    (
                        "securitySchemes",
                        .object([("bearer", .object([("type", "http"), ("scheme", "bearer"), ("bearerFormat", "JWT (EdDSA)")]))])
                    ),
                    (
                        "responses",
                        .object([("Problem", .object([("description", "An RFC 9457 problem"), ("content", problemContent)]))])
                    ),
                ])
            ),
        ])
    }

    private var problemContent: JSONValue {
        .object([("application/problem+json", .object([("schema", JSONSchema.reference("Problem").json)]))])
    }

    private func operationJSON(_ route: RegisteredRoute) -> JSONValue {
        let doc = route.doc
        var members: [(String, JSONValue)] = [
            ("operationId", .string(route.operationID)),
            ("summary", .string(doc.summary)),
        ]
        if let description = doc.description { members.append(("description", .string(description))) }
        if !doc.tags.isEmpty { members.append(("tags", .array(doc.tags.map { .string($0) }))) }
        var parameters = doc.parameters
        for name in route.pathParameters where !parameters.contains(where: { $0.name == name && $0.location == .path }) {
            parameters.append(.init(name, in: .path, "The \(name.replacingOccurrences(of: "_", with: " "))"))
        }
        if !parameters.isEmpty {
            members.append((
                "parameters",
                .array(parameters.map { parameter in
                    .object([
                        ("name", .string(parameter.name)), ("in", .string(parameter.location.rawValue)),
                        ("required", .bool(parameter.required)), ("description", .string(parameter.description)),
                        ("schema", parameter.schema.json),
                    ])
                })
            ))
        }
        if let body = doc.requestBody {
            members.append((
                "requestBody",
                .object([
                    ("required", true), ("description", .string(body.description)),
                    ("content", .object([(body.contentType, .object([("schema", body.schema.json)]))])),
                ])
            ))
        }
        var responses: [(String, JSONValue)] = doc.responses.map { response in
            var members: [(String, JSONValue)] = [("description", .string(response.description))]
            if let contentType = response.contentType {
                members.append(("content", .object([(contentType, .object([("schema", (response.schema ?? .any()).json)]))])))
            }
            return (String(response.status), .object(members))
        }
        var standard: [Int] = [400, 404, 405, 413, 415, 422, 500]
        if doc.requiresAuth { standard += [401, 403] }
        for status in standard.sorted() where !doc.responses.contains(where: { $0.status == status }) {
            responses.append((String(status), .object([("$ref", "#/components/responses/Problem")])))
        }
        members.append(("responses", .object(responses)))
        if doc.requiresAuth { members.append(("security", .array([.object([("bearer", .array([]))])]))) }
        return .object(members)
    }
}
