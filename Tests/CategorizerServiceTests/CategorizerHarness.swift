import CategorizerService
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Platform
import SQLKit
import TestSupport

/// A categorizer service on a brand-new store of one backend, with tokens for two organisations.
struct CategorizerHarness {
    let backend: StoreBackend
    let store: TestStore
    let key: SigningKey
    let application: any ApplicationProtocol

    static func start(_ backend: StoreBackend) async throws -> CategorizerHarness {
        let store = try await backend.openStore(migrations: CategorizerService.migrations)
        let key = try SigningKey()
        var dependencies = TestServices.dependencies(for: .categorizer, database: store.provider, keys: [key])
        dependencies.migrations = CategorizerService.migrations
        dependencies.tenantStore = TenantStore(database: store.provider, directory: dependencies.tenantDirectory)
        let application = CategorizerService.makeApplication(configuration: try PlatformSettings.testing(), dependencies: dependencies)
        return CategorizerHarness(backend: backend, store: store, key: key, application: application)
    }

    /// An access token for `role` in organisation `tenant`, with the scopes that role grants.
    func token(tenant: String = "acme", role: Role = .analyst, user: String = "usr_alice") async throws -> String {
        var claims = TokenFactory.claims(subject: user, tenant: tenant, role: role.rawValue)
        claims.scope = Scope.granted(to: role).joined(separator: " ")
        return try await TokenFactory.sign(claims, with: key)
    }

    func close() async { await store.destroy() }
}

/// A request through the in-process server, answering status and parsed JSON.
struct CategorizerClient {
    let client: any TestClientProtocol
    let token: String

    @discardableResult
    func send(_ method: HTTPRequest.Method, _ path: String, _ body: JSONValue? = nil, raw: String? = nil, token: String? = nil) async throws -> (status: Int, json: JSONValue) {
        var headers: HTTPFields = [.authorization: "Bearer \(token ?? self.token)"]
        var buffer: ByteBuffer?
        if let body {
            headers[.contentType] = "application/json"
            buffer = ByteBuffer(data: try JSONEncoder().encode(body))
        } else if let raw {
            headers[.contentType] = "application/json"
            buffer = ByteBuffer(string: raw)
        }
        return try await client.execute(uri: path, method: method, headers: headers, body: buffer) { response in
            let json = response.body.readableBytes == 0 ? JSONValue.null : (try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))) ?? .null
            return (Int(response.status.code), json)
        }
    }
}

extension CategorizerHarness {
    /// Runs `work` against the started service.
    func run(_ work: @escaping @Sendable (CategorizerClient) async throws -> Void) async throws {
        let token = try await token()
        try await application.test(.router) { client in
            try await work(CategorizerClient(client: client, token: token))
        }
    }
}

/// A transaction as a client sends it.
func transaction(_ id: String, _ details: String, _ direction: String = "out", cents: Int64 = 100_000, time: String = "2026-03-14 08:12:44") -> JSONValue {
    ["id": .string(id), "details": .string(details), "direction": .string(direction), "amount_cents": .int(cents), "local_time": .string(time)]
}

extension CategorizerHarness {
    /// Starts a harness, runs `body`, and destroys the store afterwards whether or not `body` threw.
    static func with(_ backend: StoreBackend, _ body: (CategorizerHarness) async throws -> Void) async throws {
        let harness = try await start(backend)
        do {
            try await body(harness)
        } catch {
            await harness.close()
            throw error
        }
        await harness.close()
    }
}
