import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Platform
import Testing
import TestSupport

/// The identity flows against the real executable: separate processes, real ports, the operator's CLI.
@Suite("End to end: identity with the real executable", .serialized)
struct IdentityEndToEndTests {
    @Test("sign up, organisation, invitation by e-mail, API key, tier move and suspension through the gateway", arguments: StoreBackend.allCases)
    func identity(backend: StoreBackend) async throws {
        var database: PostgresTestDatabase?
        var extra = ["AUTH_BCRYPT_COST": "4", "PUBLIC_URL": "https://app.example.test"]
        if backend == .postgres {
            let created = try await PostgresTestDatabase.create()
            database = created
            extra["DATABASE_URL"] = created.url
        }
        let run = try PlatformRun(extra: extra)
        // On PostgreSQL the identity services run as processes of their own, as in a distributed deployment.
        let processes: [ChildProcess] = backend == .sqlite
            ? [try ChildProcess(arguments: ["serve", "all"], environment: run.environment)]
            : [
                try ChildProcess(arguments: ["serve", "all", "--without", "auth", "--without", "tenant"], environment: run.environment),
                try ChildProcess(arguments: ["serve", "auth"], environment: run.environment),
                try ChildProcess(arguments: ["serve", "tenant"], environment: run.environment),
            ]
        do {
            try await flow(run)
        } catch {
            for process in processes { print(process.stderrLines.suffix(20).joined(separator: "\n")) }
            for process in processes { await process.stop() }
            await database?.drop()
            run.directory.remove()
            throw error
        }
        for process in processes { process.signal(SIGTERM) }
        for process in processes {
            let status = try? await process.waitForExit(timeout: .seconds(45))
            #expect(status == 0, "\(process.process.arguments ?? []) did not stop cleanly: \(process.stdoutLines.filter { !$0.contains("\"request\"") && !$0.contains("Executing query") }.suffix(60).joined(separator: "\n"))")
        }
        await database?.drop()
        run.directory.remove()
    }

    func flow(_ run: PlatformRun) async throws {
        try await eventually(timeout: .seconds(90), "the gateway to report every upstream ready") {
            (try? await fetch(run.url(.gateway, "/ready")))?.status == 200
        }
        let api = { (path: String) in run.url(.gateway, "/api/v1" + path) }

        // Sign up, organisation, switch.
        let signup = try await send(api("/auth/register"), ["email": "owner@duka.example", "password": "Kilimanjaro-2026-duka", "name": "Wanjiru Owner"])
        #expect(signup.status == 201)
        var owner = try #require(signup.json?["access_token"]?.stringValue)
        let created = try await send(api("/tenant/organizations"), ["name": "Duka la Wanjiru"], token: owner)
        #expect(created.status == 201)
        let org = try #require(created.json?["id"]?.stringValue)
        owner = try #require(try await send(api("/tenant/organizations/\(org)/switch"), nil, token: owner).json?["access_token"]?.stringValue)

        // Invitation by e-mail; the link is read from the development mailbox with `mpesa mail`.
        let staff = try await send(api("/auth/register"), ["email": "staff@duka.example", "password": "Mombasa-Road-2026-x", "name": "Juma Staff"])
        let staffToken = try #require(staff.json?["access_token"]?.stringValue)
        #expect(try await send(api("/tenant/organizations/\(org)/invitations"), ["email": "staff@duka.example", "role": "analyst"], token: owner).status == 201)
        let mail = try await cli(["mail", "--latest-to", "staff@duka.example"], run)
        let link = try #require(mail.components(separatedBy: "/invitations/accept?token=").dropFirst().first?.prefix { !$0.isWhitespace })
        #expect(try await send(api("/tenant/invitations/accept"), ["token": .string(String(link))], token: staffToken).status == 200)
        let members = try await send(api("/tenant/organizations/\(org)/members"), nil, method: .GET, token: owner)
        #expect(members.json?["members"]?.arrayValue?.count == 2)

        // The operator grants platform administration with the CLI; the administrator upgrades the plan.
        #expect(try await cli(["users", "admin", "owner@duka.example"], run).contains("now a platform administrator"))
        let relogin = try await send(api("/auth/login"), ["email": "owner@duka.example", "password": "Kilimanjaro-2026-duka", "organization_id": .string(org)])
        owner = try #require(relogin.json?["access_token"]?.stringValue)
        #expect(try await send(api("/tenant/admin/organizations/\(org)"), ["plan": "enterprise"], method: .PATCH, token: owner).status == 200)

        // An API key, used directly at the gateway.
        try await eventually("API keys to be allowed by the new plan") {
            try await send(api("/auth/api-keys"), ["name": "probe"], token: owner).status == 201
        }
        let key = try #require(try await send(api("/auth/api-keys"), ["name": "Accounting sync", "role": "viewer"], token: owner).json?["key"]?.stringValue)
        #expect(try await send(api("/tenant/organizations/\(org)"), nil, method: .GET, token: key).json?["name"] == "Duka la Wanjiru")

        // A tier move across every service that keeps tenant data, verified.
        #expect(try await send(api("/tenant/organizations/\(org)/isolation"), ["tier": "database"], method: .PUT, token: owner).status == 202)
        try await eventually(timeout: .seconds(60), every: .milliseconds(250), "the move to the database tier") {
            try await send(api("/tenant/organizations/\(org)/isolation"), nil, method: .GET, token: owner).json?["move"]?["status"] == "done"
        }
        let isolation = try await send(api("/tenant/organizations/\(org)/isolation"), nil, method: .GET, token: owner).json
        #expect(isolation?["tier"] == "database")
        for service in isolation?["move"]?["services"]?.arrayValue ?? [] {
            #expect(service["report"]?["source"] == service["report"]?["target"])
        }
        #expect(try await send(api("/tenant/organizations/\(org)/audit"), nil, method: .GET, token: owner).json?["events"]?.arrayValue?.isEmpty == false)

        // Key rotation with the CLI: the old token keeps working, the JWKS lists both keys.
        #expect(try await cli(["keys", "rotate"], run).contains("new signing key"))
        #expect(try await cli(["keys", "list"], run).components(separatedBy: "\n").filter { !$0.isEmpty }.count == 2)
        #expect(try await send(api("/auth/me"), nil, method: .GET, token: owner).status == 200)

        // Suspension reaches every process.
        #expect(try await send(api("/tenant/admin/organizations/\(org)/suspend"), ["reason": "Chargeback"], token: owner).status == 200)
        try await eventually("the suspended organisation's key to stop working") {
            try await send(api("/tenant/organizations/\(org)"), nil, method: .GET, token: key).status == 401
        }
    }

    func send(_ url: String, _ body: JSONValue?, method: HTTPMethod = .POST, token: String? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body.serialized()))
        }
        let response = try await TestEnvironment.httpClient.client.execute(request, timeout: .seconds(30))
        let collected = try await response.body.collect(upTo: 8 << 20)
        return Answer(status: Int(response.status.code), headers: [:], body: String(buffer: collected))
    }

    func cli(_ arguments: [String], _ run: PlatformRun) async throws -> String {
        let process = try ChildProcess(arguments: arguments, environment: run.environment)
        let status = try await process.waitForExit()
        guard status == 0 else { throw TestSetupError("mpesa \(arguments.joined(separator: " ")) exited \(status): \(process.stderrLines.joined(separator: "\n"))") }
        try await eventually("the output of mpesa \(arguments.first ?? "")") { !process.stdoutLines.isEmpty }
        return process.stdoutLines.joined(separator: "\n")
    }
}
