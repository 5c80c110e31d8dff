import Foundation
import Platform
import Testing
import TestSupport

@Suite("Configuration")
struct PlatformSettingsTests {
    @Test("with nothing set, every service gets its documented default port and SQLite under ./data")
    func defaults() throws {
        let settings = try PlatformSettings.testing()
        #expect(settings.databaseURL == nil)
        #expect(settings.dataDirectory == "./data")
        for service in ServiceName.allCases {
            #expect(settings.port(of: service) == service.defaultPort)
            #expect(settings.url(of: service) == "http://127.0.0.1:\(service.defaultPort)")
        }
        #expect(settings.port(of: .gateway) == 9000)
        #expect(settings.jwksURL == "http://127.0.0.1:8001/.well-known/jwks.json")
    }

    @Test("environment variables override defaults, and a port change moves the default URL with it")
    func environmentOverrides() throws {
        let settings = try PlatformSettings.testing(["auth.port": "18001", "data.dir": "/tmp/x", "log.level": "debug"])
        #expect(settings.port(of: .auth) == 18001)
        #expect(settings.url(of: .auth) == "http://127.0.0.1:18001")
        #expect(settings.jwksURL == "http://127.0.0.1:18001/.well-known/jwks.json")
        #expect(settings.dataDirectory == "/tmp/x")
        #expect(settings.logLevel == .debug)
    }

    @Test("a bad value stops start-up with a message naming the variable", arguments: [
        ("auth.port", "eighty", "AUTH_PORT"),
        ("gateway.port", "70000", "GATEWAY_PORT"),
        ("log.level", "loud", "LOG_LEVEL"),
        ("log.format", "xml", "LOG_FORMAT"),
        ("http.maxBodyBytes", "-5", "HTTP_MAX_BODY_BYTES"),
        ("database.url", "mysql://root@db/app", "DATABASE_URL"),
        ("database.url", "postgres://db.example.com", "DATABASE_URL"),
        ("database.url", "not a url at all", "DATABASE_URL"),
        ("database.url", "postgres://user@host/db?sslmode=sometimes", "DATABASE_URL"),
        ("analytics.url", "ftp://elsewhere", "ANALYTICS_URL"),
    ])
    func invalidValues(key: String, value: String, variable: String) {
        #expect {
            try PlatformSettings.testing([key: value])
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.key == variable && error.description.contains(variable) && !error.description.contains("\n")
        }
    }

    @Test("DATABASE_URL is parsed strictly and its password never appears in messages")
    func databaseURL() throws {
        let url = try DatabaseURL(parsing: "postgres://app:s3cr%40t@db.internal:6432/ledger?sslmode=require")
        #expect(url.host == "db.internal")
        #expect(url.port == 6432)
        #expect(url.username == "app")
        #expect(url.password == "s3cr@t")
        #expect(url.database == "ledger")
        #expect(url.requireTLS)
        #expect(!url.redacted.contains("s3cr"))
        #expect(url.redacted == "postgres://app:***@db.internal:6432/ledger")
    }

    @Test("the .env file and the JSON file are read, and the real environment wins over both")
    func fileSources() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try "AUTH_PORT=18101\nTENANT_PORT=18102\n".write(toFile: directory.path + "/.env", atomically: true, encoding: .utf8)
        try #"{"tenant": {"port": 18202}, "parser": {"port": 18204}, "log": {"format": "text"}}"#
            .write(toFile: directory.path + "/mpesa.json", atomically: true, encoding: .utf8)
        let settings = try await PlatformSettings.load(environment: [
            "ENV_FILE": directory.path + "/.env",
            "CONFIG_FILE": directory.path + "/mpesa.json",
            "AUTH_PORT": "18001",
        ])
        #expect(settings.port(of: .auth) == 18001)  // environment beats .env
        #expect(settings.port(of: .tenant) == 18102)  // .env beats JSON
        #expect(settings.port(of: .parser) == 18204)  // JSON beats the default
        #expect(settings.logFormat == .text)
    }

    @Test("a malformed JSON configuration file is reported, not ignored")
    func malformedJSONFile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try "{ this is not json".write(toFile: directory.path + "/mpesa.json", atomically: true, encoding: .utf8)
        await #expect(throws: ConfigurationError.self) {
            try await PlatformSettings.load(environment: ["CONFIG_FILE": directory.path + "/mpesa.json"])
        }
    }

    @Test("every setting's environment variable follows the JSON key, as swift-configuration maps them")
    func environmentNames() {
        #expect(SettingKey.maxBodyBytes.environmentVariable == "HTTP_MAX_BODY_BYTES")
        #expect(SettingKey.otlpEndpoint.environmentVariable == "OTEL_EXPORTER_OTLP_ENDPOINT")
        #expect(SettingKey.port(of: .categorizer).environmentVariable == "CATEGORIZER_PORT")
        #expect(Set(SettingKey.all.map(\.environmentVariable)).count == SettingKey.all.count)
    }

    @Test("the README documents every setting")
    func readmeListsEverySetting() throws {
        let readme = try String(contentsOfFile: PackagePaths.root + "/README.md", encoding: .utf8)
        for setting in SettingKey.all {
            #expect(readme.contains("`\(setting.environmentVariable)`"), "README lacks \(setting.environmentVariable)")
        }
    }
}
