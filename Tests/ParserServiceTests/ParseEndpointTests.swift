import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import ParserService
import Platform
import StatementGeneration
import StatementParsing
import Testing
import TestSupport

func parserApp(maxUpload: Int = 20 << 20) throws -> some ApplicationProtocol {
    var settings = try PlatformSettings.testing()
    settings.parserMaxUploadBytes = maxUpload
    return ParserService.makeApplication(configuration: settings, dependencies: TestServices.dependencies(for: .parser))
}

func json(_ response: TestResponse) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
}

@Suite("Parser service: /v1/parse and /v1/detect")
struct ParseEndpointTests {
    static let statement = PersonalStatementGenerator.generate(GeneratorConfiguration(seed: 21, months: 1, transactionsPerDay: 6))

    @Test("an encrypted statement with its password is parsed, reconciled and verified")
    func parsePDF() async throws {
        let pdf = try await PersonalStatementPDFRenderer.render(Self.statement, password: "9876543210")
        var body = MultipartBody()
        body.addFile(filename: "MPESA_Statement.pdf", contentType: "application/pdf", data: pdf)
        body.add("password", "9876543210")
        let (type, payload) = (body.contentType, body.buffer)
        try await parserApp().test(.router) { client in
            try await client.execute(uri: "/v1/parse", method: .post, headers: [.contentType: type], body: payload) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "no-store")
                let statement = try json(response)
                #expect(statement["metadata"]?["format"] == "personal_pdf")
                #expect(statement["reconciliation"]?["verdict"] == "verified")
                guard case .array(let rows)? = statement["rows"], case .array(let transactions)? = statement["transactions"] else {
                    Issue.record("rows or transactions missing")
                    return
                }
                #expect(rows.count == Self.statement.rows.count)
                #expect(!transactions.isEmpty)
                #expect(transactions.first?["amount_cents"] != nil)
                #expect(transactions.first?["identity"]?.stringValue?.contains(":") == true)
                #expect(!String(buffer: response.body).contains("9876543210"))
            }
        }
    }

    @Test("a missing or wrong password is a 422 that says which, pointing at the password field")
    func passwords() async throws {
        let pdf = try await PersonalStatementPDFRenderer.render(Self.statement, password: "right-one")
        for (password, type) in [(nil, "/problems/password-required"), ("wrong-one", "/problems/wrong-password")] as [(String?, String)] {
            var body = MultipartBody()
            body.addFile(filename: "s.pdf", contentType: "application/pdf", data: pdf)
            if let password { body.add("password", password) }
            let (contentType, payload) = (body.contentType, body.buffer)
            try await parserApp().test(.router) { client in
                try await client.execute(uri: "/v1/parse", method: .post, headers: [.contentType: contentType], body: payload) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(response.headers[.contentType] == "application/problem+json")
                    let problem = try json(response)
                    #expect(problem["type"] == .string(type))
                    #expect(problem["errors"] == [["pointer": "password", "detail": password == nil ? "required for this file" : "does not open this file"]])
                }
            }
        }
    }

    @Test("detect says a PDF is a statement that needs a password, without the password")
    func detect() async throws {
        let pdf = try await PersonalStatementPDFRenderer.render(Self.statement, password: "abc12345")
        var body = MultipartBody()
        body.addFile(filename: "s.pdf", contentType: "application/pdf", data: pdf)
        let (type, payload) = (body.contentType, body.buffer)
        try await parserApp().test(.router) { client in
            try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: type], body: payload) { response in
                #expect(response.status == .ok)
                let detection = try json(response)
                #expect(detection["format"] == "personal_pdf")
                #expect(detection["password_required"] == true)
                #expect(detection["encrypted"] == true)
            }
        }
    }

    @Test("bad uploads get clear problems", arguments: [
        ("no file part", 422, "/problems/validation-failed"),
        ("empty file", 422, "/problems/validation-failed"),
        ("image", 422, "/problems/not-a-statement"),
        ("unknown format hint", 422, "/problems/validation-failed"),
        ("not multipart", 415, "/problems/unsupported-media-type"),
        ("broken multipart", 400, "/problems/bad-request"),
    ] as [(String, Int, String)])
    func badUploads(kind: String, status: Int, type: String) async throws {
        var body = MultipartBody()
        var contentType: String?
        var raw: ByteBuffer?
        switch kind {
        case "no file part": body.add("password", "x")
        case "empty file": body.addFile(filename: "e.pdf", contentType: "application/pdf", data: Data())
        case "image": body.addFile(filename: "photo.jpg", contentType: "image/jpeg", data: Data([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4]))
        case "unknown format hint":
            body.addFile(filename: "s.pdf", contentType: "application/pdf", data: Data("%PDF-1.4".utf8))
            body.add("format", "pdf_from_my_bank")
        case "not multipart":
            contentType = "application/json"
            raw = ByteBuffer(string: "{}")
        default:
            contentType = "multipart/form-data; boundary=zzz"
            raw = ByteBuffer(string: "this is not multipart at all")
        }
        let (header, payload) = (contentType ?? body.contentType, raw ?? body.buffer)
        try await parserApp().test(.router) { client in
            try await client.execute(uri: "/v1/parse", method: .post, headers: [.contentType: header], body: payload) { response in
                #expect(Int(response.status.code) == status, "\(String(buffer: response.body))")
                let problem = try json(response)
                #expect(problem["type"] == .string(type))
            }
        }
    }

    @Test("an upload over the limit is refused with 413 before it is read")
    func tooLarge() async throws {
        var body = MultipartBody()
        body.addFile(filename: "big.pdf", contentType: "application/pdf", data: Data(repeating: 0x41, count: 300_000))
        let (type, payload) = (body.contentType, body.buffer)
        try await parserApp(maxUpload: 100_000).test(.router) { client in
            try await client.execute(uri: "/v1/parse", method: .post, headers: [.contentType: type], body: payload) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
    }
}
