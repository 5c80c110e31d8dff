import Foundation
import Platform
import Testing
import TestSupport

@Suite("The mpesa command line")
struct CommandLineTests {
    func runToEnd(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, stdout: [String], stderr: [String]) {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var env = environment
        env["DATA_DIR"] = env["DATA_DIR"] ?? directory.path + "/data"
        env["ENV_FILE"] = directory.path + "/.env"
        env["CONFIG_FILE"] = directory.path + "/mpesa.json"
        let process = try ChildProcess(arguments: arguments, environment: env)
        let status = try await process.waitForExit(timeout: .seconds(60))
        try await eventually(timeout: .seconds(2), "output drained") { true }
        return (status, process.stdoutLines, process.stderrLines)
    }

    @Test("--help reads well and lists the subcommands")
    func help() async throws {
        let result = try await runToEnd(["--help"])
        #expect(result.status == 0)
        let text = result.stdout.joined(separator: "\n")
        for word in ["serve", "migrate", "config", "version", "mpesa serve all"] {
            #expect(text.contains(word), "help lacks \(word)")
        }
    }

    @Test("version prints the version")
    func version() async throws {
        let result = try await runToEnd(["version"])
        #expect(result.status == 0)
        #expect(result.stdout.first == "mpesa \(PlatformInfo.version)")
    }

    @Test("bad start-up input gives one readable line and a non-zero exit", arguments: [
        (["serve", "ledger"], [:], "unknown service 'ledger'"),
        (["serve", "all"], ["DATABASE_URL": "mysql://root@db/app"], "DATABASE_URL"),
        (["serve", "auth"], ["AUTH_PORT": "http"], "AUTH_PORT"),
        (["serve", "auth"], ["LOG_LEVEL": "chatty"], "LOG_LEVEL"),
        (["serve", "auth", "--without", "tenant"], [:], "--without"),
        (["migrate", "--service", "parser"], [:], "keeps no data"),
    ] as [([String], [String: String], String)])
    func badInput(arguments: [String], environment: [String: String], expected: String) async throws {
        let result = try await runToEnd(arguments, environment: environment)
        #expect(result.status != 0)
        let problemLines = result.stderr.filter { $0.hasPrefix("mpesa:") }
        #expect(problemLines.count == 1, "stderr: \(result.stderr)")
        #expect(problemLines.first?.contains(expected) == true, "stderr: \(result.stderr)")
        #expect(!result.stderr.joined().contains("Fatal error"))
    }

    @Test("a port already in use is named in the message")
    func portInUse() async throws {
        let ports = try FreePorts.allocate(1)
        let blocker = try ChildProcess(arguments: ["serve", "parser"], environment: ["PARSER_PORT": String(ports[0])])
        defer { Task { await blocker.stop() } }
        try await eventually(timeout: .seconds(30), "the first parser to listen") {
            blocker.stdoutLines.contains { $0.contains("Server started") }
        }
        let result = try await runToEnd(["serve", "parser"], environment: ["PARSER_PORT": String(ports[0])])
        #expect(result.status != 0)
        #expect(result.stderr.contains { $0.contains("port \(ports[0]) for the parser service is already in use") }, "stderr: \(result.stderr)")
    }

    @Test("an unreachable PostgreSQL is reported, not hung on")
    func unreachableDatabase() async throws {
        let closed = try FreePorts.allocate(1)[0]
        let result = try await runToEnd(["serve", "auth"], environment: ["DATABASE_URL": "postgres://mpesa:secret@127.0.0.1:\(closed)/mpesa"])
        #expect(result.status != 0)
        let line = result.stderr.first { $0.hasPrefix("mpesa:") } ?? ""
        #expect(line.contains("127.0.0.1:\(closed)"), "stderr: \(result.stderr)")
        #expect(!line.contains("secret"))
    }

    @Test("migrate brings every store up to date and is idempotent")
    func migrate() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for _ in 0..<2 {
            let result = try await runToEnd(["migrate"], environment: ["DATA_DIR": directory.path])
            #expect(result.status == 0, "stderr: \(result.stderr)")
            #expect(result.stdout.contains { $0.hasPrefix("events: up to date") })
            #expect(result.stdout.contains { $0.hasPrefix("analytics: up to date") })
        }
        #expect(FileManager.default.fileExists(atPath: directory.path + "/auth/auth.sqlite"))
    }
}
