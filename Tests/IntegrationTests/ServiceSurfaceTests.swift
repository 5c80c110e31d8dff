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
import TenantService
import Testing
import TestSupport
import WebhookService

/// Builds any service the way the executable does, on a temporary SQLite store.
func makeService(_ service: ServiceName, settings: PlatformSettings, database: (any DatabaseProvider)?) throws -> any ApplicationProtocol {
    let dependencies = TestServices.dependencies(for: service, database: database)
    return switch service {
    case .gateway: Gateway.makeApplication(configuration: settings, dependencies: dependencies)
    case .auth: try AuthService.makeApplication(configuration: settings, dependencies: dependencies)
    case .tenant: TenantService.makeApplication(configuration: settings, dependencies: dependencies)
    case .analytics: AnalyticsService.makeApplication(configuration: settings, dependencies: dependencies)
    case .parser: ParserService.makeApplication(configuration: settings, dependencies: dependencies)
    case .categorizer: CategorizerService.makeApplication(configuration: settings, dependencies: dependencies)
    case .cashflow: CashflowService.makeApplication(configuration: settings, dependencies: dependencies)
    case .billing: BillingService.makeApplication(configuration: settings, dependencies: dependencies)
    case .payment: PaymentService.makeApplication(configuration: settings, dependencies: dependencies)
    case .webhook: WebhookService.makeApplication(configuration: settings, dependencies: dependencies)
    }
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
            try await client.execute(uri: "/ready", method: .get) { response in
                let report = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
                if service.hasStorage { #expect(report["checks"]?["database"]?["status"] == "up") }
                let upstreamNames = ServiceCatalogFacts.requiredUpstreams(of: service)
                for upstream in upstreamNames {
                    #expect(report["checks"]?[upstream.rawValue]?["status"] == "down")
                }
                #expect(response.status == (upstreamNames.isEmpty ? .ok : .serviceUnavailable))
            }
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                let document = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
                #expect(document["openapi"] == "3.1.0")
                #expect(document["info"]?["title"]?.stringValue?.contains(service == .gateway ? "gateway" : service.rawValue) == true)
                try OpenAPIValidator.validate(String(buffer: response.body), name: service.rawValue)
            }
        }
        await database?.shutdown()
    }
}

/// What each service declares about its upstreams, read from its blueprint.
enum ServiceCatalogFacts {
    static func requiredUpstreams(of service: ServiceName) -> [ServiceName] {
        switch service {
        case .gateway: Gateway.blueprint.requiredUpstreams
        case .auth: AuthService.blueprint.requiredUpstreams
        case .tenant: TenantService.blueprint.requiredUpstreams
        case .analytics: AnalyticsService.blueprint.requiredUpstreams
        case .parser: ParserService.blueprint.requiredUpstreams
        case .categorizer: CategorizerService.blueprint.requiredUpstreams
        case .cashflow: CashflowService.blueprint.requiredUpstreams
        case .billing: BillingService.blueprint.requiredUpstreams
        case .payment: PaymentService.blueprint.requiredUpstreams
        case .webhook: WebhookService.blueprint.requiredUpstreams
        }
    }
}

/// Validates an OpenAPI document with openapi-spec-validator (PyPI), the reference validator.
enum OpenAPIValidator {
    static func validate(_ document: String, name: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/\(name).json"
        try document.write(toFile: path, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys; from openapi_spec_validator import validate_spec; from openapi_spec_validator.readers import read_from_filename; validate_spec(read_from_filename(sys.argv[1])[0])", path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "OpenAPI document of \(name) is invalid: \(message.suffix(800))")
    }
}
