import AnalyticsService
import AuthService
import BillingService
import CashflowService
import CategorizerService
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import ParserService
import PaymentService
import Platform
import ServiceCatalog
import TenantService
import Testing
import TestSupport
import WebhookService

/// Builds any service the way the executable does, on a temporary SQLite store.
func makeService(_ service: ServiceName, settings: PlatformSettings, database: (any DatabaseProvider)?) throws -> any ApplicationProtocol {
    try ServiceCatalog.application(of: service, configuration: settings, dependencies: TestServices.dependencies(for: service, database: database))
}

/// Settings whose upstream URLs all point at a closed port, so readiness reflects only what a test starts.
func isolatedSettings(dataDirectory: String) throws -> PlatformSettings {
    var values: [String: String] = ["data.dir": dataDirectory]
    for service in ServiceName.allCases { values["\(service.rawValue).url"] = "http://127.0.0.1:1" }
    return try PlatformSettings.testing(values)
}

@Suite("Every service's operational surface")
struct ServiceSurfaceTests {
    @Test("each service answers /health, /metrics, /ready and /openapi.json", arguments: ServiceName.allCases)
    func surface(service: ServiceName) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var database: (any DatabaseProvider)?
        if service.hasStorage {
            database = try await SQLiteDatabaseProvider.open(name: service.rawValue, dataDirectory: directory.path, migrations: [], logger: TestEnvironment.logger)
        }
        let app = try makeService(service, settings: try isolatedSettings(dataDirectory: directory.path), database: database)
        try await app.test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                let body = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
                #expect(body["service"] == .string(service.rawValue))
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(String(buffer: response.body).contains("# TYPE http_requests_total counter"))
            }
            // A probe has two seconds; on a machine running the whole suite a fresh SQLite file's first query can take
            // longer, which /ready rightly reports as down. What must hold is that the database comes up.
            var report: JSONValue = .null
            var status: HTTPResponse.Status = .ok
            try await eventually(timeout: .seconds(30), "the \(service) service's database check to be up") {
                (report, status) = try await client.execute(uri: "/ready", method: .get) { response in
                    (try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body)), response.status)
                }
                return !service.hasStorage || report["checks"]?["database"]?["status"] == "up"
            }
            let upstreamNames = ServiceCatalog.blueprint(of: service).requiredUpstreams
            for upstream in upstreamNames {
                #expect(report["checks"]?[upstream.rawValue]?["status"] == "down")
            }
            #expect(status == (upstreamNames.isEmpty ? .ok : .serviceUnavailable), "\(report)")
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                let document = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
                #expect(document["openapi"] == "3.1.0")
                #expect(document["info"]?["title"]?.stringValue?.contains(service == .gateway ? "gateway" : service.rawValue) == true)
                try await OpenAPIValidator.validate(String(buffer: response.body), name: service.rawValue)
            }
        }
        await database?.shutdown()
    }
}

/// Validates an OpenAPI document with openapi-spec-validator (PyPI), the reference validator.
enum OpenAPIValidator {
    static func validate(_ document: String, name: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/\(name).json"
        try document.write(toFile: path, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys; from openapi_spec_validator import validate_spec; from openapi_spec_validator.readers import read_from_filename; validate_spec(read_from_filename(sys.argv[1])[0])", path]
        let errorsPath = directory.path + "/\(name).stderr"
        _ = FileManager.default.createFile(atPath: errorsPath, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorsPath))
        try process.run()
        try await process.exited()
        let message = (try? String(contentsOfFile: errorsPath, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0, "OpenAPI document of \(name) is invalid: \(message.suffix(800))")
    }
}
