import Foundation
import Hummingbird
import HummingbirdTesting
import Platform
import Testing
import TestSupport

/// A small service built with the shared assembly, to pin down the HTTP behaviour every service inherits.
private struct Transfer: Codable, Sendable {
    var amountCents: Int64
    var reference: String
}

private func makeApp(keys: [SigningKey] = [], maxBody: Int = 4096) -> some ApplicationProtocol {
    var settings = TestEnvironment.settings
    settings.maxBodyBytes = maxBody
    let dependencies = TestServices.dependencies(for: .billing, keys: keys)
    let blueprint = ServiceApplication.Blueprint(title: "test service", description: "pins the shared HTTP surface")
    return ServiceApplication.make(blueprint: blueprint, configuration: settings, dependencies: dependencies) { router in
        router.post(
            "/v1/transfers",
            OperationDoc(summary: "Echo a transfer", requestBody: .init(schema: .any(), "a transfer"), responses: [.init(201, "created", schema: .any())])
        ) { request, context in
            let transfer = try await request.decode(as: Transfer.self, context: context)
            var response = try context.responseEncoder.encode(transfer, from: request, context: context)
            response.status = .created
            return response
        }
        router.get("/v1/boom", OperationDoc(summary: "Fails unexpectedly", responses: [.init(200, "never")])) { _, _ in
            struct DatabaseExploded: Error {}
            throw DatabaseExploded()
        }
        router.get("/v1/me", OperationDoc(summary: "Who am I", responses: [.init(200, "the caller")], requiresAuth: true)) { request, context in
            var context = context
            let caller = try await context.requireCaller(request)
            return jsonResponse(["user": .string(caller.userID), "tenant": .string(caller.tenantID?.rawValue ?? "")])
        }
    }
}

private func problem(_ response: TestResponse) throws -> JSONValue {
    #expect(response.headers[.contentType] == "application/problem+json")
    return try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
}

@Suite("Shared HTTP surface")
struct ServiceHTTPSurfaceTests {
    @Test("an unknown route is a 404 problem that says where the routes are listed")
    func unknownRoute() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/v1/nope", method: .get) { response in
                #expect(response.status == .notFound)
                let body = try problem(response)
                #expect(body["type"] == "/problems/not-found")
                #expect(body["status"] == 404)
                #expect(body["instance"] == "/v1/nope")
                #expect(body["detail"]?.stringValue?.contains("/openapi.json") == true)
                #expect(body["request_id"]?.stringValue == response.headers[.xRequestID])
            }
        }
    }

    @Test("a known path with the wrong method is a 405 problem with an Allow header")
    func wrongMethod() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/v1/transfers", method: .get) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
                let body = try problem(response)
                #expect(body["allowed_methods"] == ["POST"])
            }
            try await client.execute(uri: "/health", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
            }
        }
    }

    @Test("a body over the limit is refused with 413 before it is read")
    func oversizedBody() async throws {
        try await makeApp(maxBody: 1024).test(.router) { client in
            let big = ByteBuffer(string: "{\"amount_cents\": 1, \"reference\": \"" + String(repeating: "x", count: 5000) + "\"}")
            try await client.execute(uri: "/v1/transfers", method: .post, headers: [.contentType: "application/json"], body: big) { response in
                #expect(response.status == .contentTooLarge)
                let body = try problem(response)
                #expect(body["type"] == "/problems/payload-too-large")
                #expect(body["limit_bytes"] == 1024)
            }
        }
    }

    @Test("a body that is not JSON is refused with 415")
    func wrongMediaType() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/v1/transfers", method: .post, headers: [.contentType: "text/csv"], body: ByteBuffer(string: "a,b")) { response in
                #expect(response.status == .unsupportedMediaType)
                let body = try problem(response)
                #expect(body["type"] == "/problems/unsupported-media-type")
            }
            try await client.execute(uri: "/v1/transfers", method: .post, body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .unsupportedMediaType)
            }
        }
    }

    @Test("broken JSON is a 400; JSON of the wrong shape is a 422 that points at the field", arguments: [
        ("{\"amount_cents\": 100, ", 400, nil),
        ("", 400, nil),
        ("{\"reference\": \"INV-1\"}", 422, "/amount_cents"),
        ("{\"amount_cents\": \"100\", \"reference\": \"INV-1\"}", 422, "/amount_cents"),
        ("{\"amount_cents\": 100, \"reference\": null}", 422, "/reference"),
        ("[1, 2, 3]", 422, "/"),
    ] as [(String, Int, String?)])
    func decodingFailures(body: String, status: Int, pointer: String?) async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/v1/transfers", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)) { response in
                #expect(Int(response.status.code) == status)
                let problemBody = try problem(response)
                if let pointer {
                    guard case .array(let errors)? = problemBody["errors"], let first = errors.first else {
                        Issue.record("422 without errors: \(problemBody.serialized())")
                        return
                    }
                    #expect(first["pointer"]?.stringValue == pointer)
                }
            }
        }
    }

    @Test("valid JSON round-trips with snake_case keys")
    func validBody() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(
                uri: "/v1/transfers", method: .post, headers: [.contentType: "application/json; charset=utf-8"],
                body: ByteBuffer(string: #"{"amount_cents": 123456, "reference": "INV-1'; DROP TABLE x;--"}"#)
            ) { response in
                #expect(response.status == .created)
                let echoed = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
                #expect(echoed["amount_cents"] == 123456)
                #expect(echoed["reference"] == "INV-1'; DROP TABLE x;--")
            }
        }
    }

    @Test("an unexpected error is a 500 problem that reveals nothing internal")
    func internalError() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/v1/boom", method: .get) { response in
                #expect(response.status == .internalServerError)
                let text = String(buffer: response.body)
                #expect(!text.contains("DatabaseExploded"))
                let body = try problem(response)
                #expect(body["type"] == "/problems/internal-error")
            }
        }
    }

    @Test("a well-formed caller request id is kept; a hostile one is replaced")
    func requestIDs() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/health", method: .get, headers: [.xRequestID: "client-abc-123"]) { response in
                #expect(response.headers[.xRequestID] == "client-abc-123")
            }
            try await client.execute(uri: "/health", method: .get, headers: [.xRequestID: "bad id\" with {json}"]) { response in
                let id = try #require(response.headers[.xRequestID])
                #expect(id != "bad id\" with {json}")
                #expect(id.count == 32)
            }
        }
    }

    @Test("/health, /ready and /metrics answer; /metrics counts requests by route and status")
    func operationalRoutes() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                let body = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
                #expect(body["status"] == "ok")
                #expect(body["service"] == "billing")
            }
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/v1/nope", method: .get) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                #expect(text.contains(#"http_requests_total{method="GET",route="/health",status="200"} 1"#))
                #expect(text.contains("http_request_duration_seconds_bucket"))
                #expect(text.contains(#"http_request_errors_total{method="GET",route="NotFound",class="4xx"} 1"#))
            }
        }
    }

    @Test("a protected route needs a valid token and says why one was refused")
    func authentication() async throws {
        let key = try SigningKey()
        let stranger = try SigningKey()
        let good = try await TokenFactory.sign(TokenFactory.claims(), with: key)
        let foreign = try await TokenFactory.sign(TokenFactory.claims(), with: stranger)
        try await makeApp(keys: [key]).test(.router) { client in
            try await client.execute(uri: "/v1/me", method: .get) { response in
                #expect(response.status == .unauthorized)
                let body = try problem(response)
                #expect(body["reason"] == "missing")
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
            try await client.execute(uri: "/v1/me", method: .get, headers: [.authorization: "Bearer \(foreign)"]) { response in
                #expect(response.status == .unauthorized)
                let body = try problem(response)
                #expect(body["reason"] == "unknown_kid")
            }
            try await client.execute(uri: "/v1/me", method: .get, headers: [.authorization: "Bearer \(good)"]) { response in
                #expect(response.status == .ok)
                let body = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
                #expect(body["tenant"] == "acme")
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(String(buffer: response.body).contains(#"auth_rejections_total{reason="missing"} 1"#))
            }
        }
    }

    @Test("/openapi.json describes every registered route, with problem responses")
    func openAPI() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                let document = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
                #expect(document["openapi"] == "3.1.0")
                let paths = try #require(document["paths"])
                for path in ["/health", "/ready", "/metrics", "/openapi.json", "/v1/transfers", "/v1/boom", "/v1/me"] {
                    #expect(paths[path] != nil, "\(path) missing from OpenAPI")
                }
                #expect(paths["/v1/me"]?["get"]?["security"] != nil)
                #expect(paths["/v1/transfers"]?["post"]?["responses"]?["422"] != nil)
            }
        }
    }
}
