import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Platform
import Testing
import TestSupport

@testable import Gateway

/// A built dashboard in a temporary directory, next to a secret file that must never be served.
private struct BuiltDashboard {
    let root: TemporaryDirectory
    var dist: String { root.path + "/dist" }
    static let index = "<!doctype html><html><body><div id=\"root\"></div><script src=\"/assets/app-3F9A1C2B.js\"></script></body></html>"
    static let script = "console.log('dashboard')"
    static let styles = "body { margin: 0 }"
    static let secret = "SECRET-OUTSIDE-THE-DASHBOARD-7f3a"

    init() throws {
        root = try TemporaryDirectory()
        let files = FileManager.default
        try files.createDirectory(atPath: root.path + "/dist/assets", withIntermediateDirectories: true)
        try Self.index.write(toFile: root.path + "/dist/index.html", atomically: true, encoding: .utf8)
        try Self.script.write(toFile: root.path + "/dist/assets/app-3F9A1C2B.js", atomically: true, encoding: .utf8)
        try Self.script.write(toFile: root.path + "/dist/vendor.5e6f7a8b.js", atomically: true, encoding: .utf8)
        try Self.styles.write(toFile: root.path + "/dist/styles.css", atomically: true, encoding: .utf8)
        try Self.secret.write(toFile: root.path + "/secret.txt", atomically: true, encoding: .utf8)
        try Self.secret.write(toFile: root.path + "/dist/.env", atomically: true, encoding: .utf8)
        // A link inside the directory pointing out of it.
        try files.createSymbolicLink(atPath: root.path + "/dist/leak.txt", withDestinationPath: root.path + "/secret.txt")
    }
}

/// The gateway serving `staticDir`, every upstream down.
private func gateway(staticDir: String) throws -> some ApplicationProtocol {
    var values: [String: String] = ["gateway.port": "0", "gateway.staticDir": staticDir]
    for service in ServiceName.upstreams {
        values["\(service.rawValue).url"] = "http://127.0.0.1:1"
    }
    var settings = try PlatformSettings.testing(values)
    settings.logLevel = .critical
    return try Gateway.makeApplication(configuration: settings, dependencies: TestServices.dependencies(for: .gateway))
}

/// Runs `body` against a gateway serving a freshly built dashboard.
private func withDashboard(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
    let dashboard = try BuiltDashboard()
    defer { dashboard.root.remove() }
    try await gateway(staticDir: dashboard.dist).test(.live, body)
}

private let html: HTTPFields = [.accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"]
private let securityHeaders: [(String, String)] = [
    ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "strict-origin-when-cross-origin"), ("X-Frame-Options", "DENY"),
    ("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'"),
]

private func expectSecurityHeaders(_ headers: HTTPFields, _ comment: Comment? = nil) {
    for (name, value) in securityHeaders {
        #expect(headers[.init(name)!] == value, comment)
    }
}

@Suite("The dashboard's files at /")
struct DashboardFilesTests {
    @Test("files are served with their content type, validators, caching and security headers")
    func files() async throws {
        try await withDashboard { client in
            try await client.execute(uri: "/", method: .get, headers: html) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == BuiltDashboard.index)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.cacheControl] == "no-cache")
                #expect(response.headers[.eTag] != nil)
                #expect(response.headers[.lastModified] != nil)
                expectSecurityHeaders(response.headers, "/")
            }
            try await client.execute(uri: "/index.html", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "no-cache")
            }
            try await client.execute(uri: "/assets/app-3F9A1C2B.js", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == BuiltDashboard.script)
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(response.headers[.cacheControl] == "public, max-age=31536000, immutable")
                expectSecurityHeaders(response.headers, "asset")
            }
            try await client.execute(uri: "/vendor.5e6f7a8b.js", method: .get) { response in
                #expect(response.headers[.cacheControl] == "public, max-age=31536000, immutable")
            }
            try await client.execute(uri: "/styles.css", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(response.headers[.cacheControl] == "no-cache")
                #expect(response.headers[.contentLength] == String(BuiltDashboard.styles.utf8.count))
            }
        }
    }

    @Test("a conditional GET with the ETag answers 304 without a body, keeping the caching headers")
    func conditionalGet() async throws {
        try await withDashboard { client in
            let etag = try await client.execute(uri: "/styles.css", method: .get) { response in
                try #require(response.headers[.eTag])
            }
            try await client.execute(uri: "/styles.css", method: .get, headers: [.ifNoneMatch: etag]) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
                #expect(response.headers[.cacheControl] == "no-cache")
                #expect(response.headers[.eTag] == etag)
            }
            try await client.execute(uri: "/", method: .get, headers: [.ifNoneMatch: "W/\"something-else\""]) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("a gzip copy beside a file goes to clients that accept gzip, with the original's type; others and ranges get the original")
    func precompressed() async throws {
        let dashboard = try BuiltDashboard()
        defer { dashboard.root.remove() }
        let script = dashboard.dist + "/assets/app-3F9A1C2B.js"
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-9", "-k", "-n", script]
        try gzip.run()
        gzip.waitUntilExit()
        let compressed = try Data(contentsOf: URL(fileURLWithPath: script + ".gz"))
        try await gateway(staticDir: dashboard.dist).test(.live) { client in
            try await client.execute(uri: "/assets/app-3F9A1C2B.js", method: .get, headers: [.acceptEncoding: "gzip, deflate, br"]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentEncoding] == "gzip")
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(response.headers[.vary] == "Accept-Encoding")
                #expect(response.headers[.cacheControl] == "public, max-age=31536000, immutable")
                #expect(Data(buffer: response.body) == compressed)
                expectSecurityHeaders(response.headers, "gzip")
            }
            let etag = try await client.execute(uri: "/assets/app-3F9A1C2B.js", method: .get, headers: [.acceptEncoding: "gzip"]) { response in
                try #require(response.headers[.eTag])
            }
            try await client.execute(uri: "/assets/app-3F9A1C2B.js", method: .get, headers: [.acceptEncoding: "gzip", .ifNoneMatch: etag]) { response in
                #expect(response.status == .notModified)
                #expect(response.headers[.contentEncoding] == nil)
            }
            for refusing: HTTPFields in [[:], [.acceptEncoding: "br"], [.acceptEncoding: "gzip;q=0, br"], [.acceptEncoding: "gzip", .range: "bytes=0-6"]] {
                try await client.execute(uri: "/assets/app-3F9A1C2B.js", method: .get, headers: refusing) { response in
                    #expect(response.headers[.contentEncoding] == nil, "\(refusing)")
                    #expect(response.headers[.vary] == "Accept-Encoding", "\(refusing)")
                    #expect(String(buffer: response.body).hasPrefix("console"), "\(refusing)")
                }
            }
        }
        #expect(DashboardFiles.acceptsGzip("*"))
        #expect(!DashboardFiles.acceptsGzip("*;q=0"))
        #expect(!DashboardFiles.acceptsGzip("identity"))
        #expect(DashboardFiles.acceptsGzip("GZIP;q=0.5"))
    }

    @Test("HEAD answers the headers without a body; a Range answers 206 with that part")
    func headAndRange() async throws {
        try await withDashboard { client in
            try await client.execute(uri: "/styles.css", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 0)
                #expect(response.headers[.contentLength] == String(BuiltDashboard.styles.utf8.count))
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
            }
            try await client.execute(uri: "/styles.css", method: .get, headers: [.range: "bytes=0-3"]) { response in
                #expect(response.status == .partialContent)
                #expect(String(buffer: response.body) == "body")
                #expect(response.headers[.contentRange] == "bytes 0-3/\(BuiltDashboard.styles.utf8.count)")
            }
        }
    }

    @Test("a browser navigating to a client-side route gets the app; other clients get a 404 problem")
    func spaFallback() async throws {
        try await withDashboard { client in
            for path in ["/transactions?category=rent", "/transactions/QK12ABC3DE", "/settings/api-keys", "/health-report"] {
                try await client.execute(uri: path, method: .get, headers: html) { response in
                    #expect(response.status == .ok, "\(path)")
                    #expect(String(buffer: response.body) == BuiltDashboard.index, "\(path)")
                    #expect(response.headers[.cacheControl] == "no-cache", "\(path)")
                    expectSecurityHeaders(response.headers, "\(path)")
                }
                try await client.execute(uri: path, method: .get, headers: [.accept: "application/json"]) { response in
                    #expect(response.status == .notFound, "\(path)")
                    #expect(response.headers[.contentType] == "application/problem+json", "\(path)")
                }
            }
            try await client.execute(uri: "/transactions", method: .get, headers: [.accept: "text/html;q=0, application/json"]) { response in
                #expect(response.status == .notFound)
            }
            // API, BFF and well-known paths never turn into the app, even for a browser.
            for path in ["/bff/v1/nothing-here", "/bff/v2/overview", "/api/v2/anything", "/api", "/.well-known/openid-configuration", "/v1/unknown"] {
                try await client.execute(uri: path, method: .get, headers: html) { response in
                    #expect(response.status == .notFound, "\(path)")
                    #expect(response.headers[.contentType] == "application/problem+json", "\(path)")
                }
            }
            // Only reads fall back; other methods on unknown paths stay 404 problems.
            try await client.execute(uri: "/transactions", method: .post, headers: html) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }

    @Test(
        "path traversal never reaches a file outside the directory",
        arguments: [
            "/../secret.txt", "/../../etc/passwd", "/%2e%2e/secret.txt", "/%2E%2E/%2E%2E/etc/passwd", "/..%2fsecret.txt", "/assets/../../secret.txt",
            "/assets/%2e%2e/%2e%2e/secret.txt", "/..%5csecret.txt", "/%2e%2e%5c%2e%2e%5cetc%5cpasswd", "/index.html%00.js", "/%00",
            "/%252e%252e/secret.txt", "//etc/passwd", "/.env", "/assets/.%2e/.%2e/secret.txt", "/leak.txt", "/%zz", "/....//secret.txt",
        ]
    )
    func traversal(path: String) async throws {
        try await withDashboard { client in
            for headers: HTTPFields in [[:], html] {
                try await client.execute(uri: path, method: .get, headers: headers) { response in
                    let body = String(buffer: response.body)
                    // A browser may get the app for a path that screens clean but names no file (the symlink); never the file.
                    let servedApp = headers[.accept] != nil && response.status == .ok && body == BuiltDashboard.index
                    #expect([400, 404].contains(response.status.code) || servedApp, "\(path): \(response.status)")
                    #expect(!body.contains(BuiltDashboard.secret))
                    #expect(!body.contains("root:"))
                }
            }
        }
    }

    @Test("without a built dashboard, / answers a page saying so and how to build it; nothing crashes")
    func notBuilt() async throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        // A directory that does not exist, and one that exists without index.html.
        for directory in [root.path + "/missing/dist", root.path] {
            try await gateway(staticDir: directory).test(.live) { client in
                try await client.execute(uri: "/", method: .get, headers: html) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                    #expect(response.headers[.cacheControl] == "no-store")
                    expectSecurityHeaders(response.headers, "not built")
                    let page = String(buffer: response.body)
                    #expect(page.contains("not built"))
                    #expect(page.contains("make run"))
                    #expect(page.contains("href=\"/openapi.json\""))
                    #expect(page.contains("href=\"/ready\""))
                }
                try await client.execute(uri: "/", method: .get) { response in
                    #expect(response.status == .ok)
                }
                try await client.execute(uri: "/", method: .head) { response in
                    #expect(response.status == .ok)
                    #expect(response.body.readableBytes == 0)
                }
                try await client.execute(uri: "/transactions", method: .get, headers: html) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains("not built"))
                }
                try await client.execute(uri: "/assets/app-3F9A1C2B.js", method: .get) { response in
                    #expect(response.status == .notFound)
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
        }
    }

    @Test("/health, /ready, /metrics and /openapi.json answer as before, even for a browser")
    func routesUnaffected() async throws {
        try await withDashboard { client in
            for headers: HTTPFields in [[:], html] {
                try await client.execute(uri: "/health", method: .get, headers: headers) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                    let health = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
                    #expect(health["service"] == "gateway")
                }
                try await client.execute(uri: "/openapi.json", method: .get, headers: headers) { response in
                    #expect(response.status == .ok)
                    let document = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
                    #expect(document["openapi"]?.stringValue?.hasPrefix("3.") == true)
                    #expect(document["paths"]?["/bff/v1/overview"] != nil)
                }
                try await client.execute(uri: "/metrics", method: .get, headers: headers) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                }
                try await client.execute(uri: "/ready", method: .get, headers: headers) { response in
                    // Every upstream is down in this test, so not ready: the point is that it is /ready answering.
                    #expect(response.status == .serviceUnavailable)
                    let readiness = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
                    #expect(readiness["status"] == "not_ready")
                }
            }
            try await client.execute(uri: "/health", method: .post) { response in
                #expect(response.status == .methodNotAllowed)
            }
        }
    }
}

@Suite("Dashboard paths and caching rules")
struct DashboardRulesTests {
    @Test(
        "request paths: reserved, rejected or a file",
        arguments: [
            ("/", DashboardRequestPath.file("/")), ("/assets/app-3F9A1C2B.js", .file("/assets/app-3F9A1C2B.js")),
            ("/transactions", .file("/transactions")), ("/my%20file.txt", .file("/my file.txt")),
            ("/api/v1/x", .reserved), ("/bff/v1/overview", .reserved), ("/.well-known/jwks.json", .reserved), ("/health", .reserved),
            ("/ready", .reserved), ("/metrics", .reserved), ("/openapi.json", .reserved), ("/%61pi/v1/x", .reserved),
            ("/../x", .rejected), ("/%2e%2e/x", .rejected), ("/a\\b", .rejected), ("/a%5cb", .rejected), ("/a%00", .rejected),
            ("//evil.example", .rejected), ("/.git/config", .rejected), ("/%25", .rejected), ("/%zz", .rejected), ("relative", .rejected),
            ("/" + String(repeating: "a", count: 2000), .rejected),
        ]
    )
    func requestPaths(path: String, expected: DashboardRequestPath) {
        #expect(DashboardRequestPath(path) == expected)
    }

    @Test(
        "cache policy: hashed names and /assets/ are immutable, everything else revalidates",
        arguments: [
            ("/assets/app-3F9A1C2B.js", true), ("/assets/logo.svg", true), ("/vendor.5e6f7a8b.js", true), ("/index-BcD3fG7h.css", true),
            ("/", false), ("/index.html", false), ("/assets/index.html", false), ("/styles.css", false), ("/favicon.ico", false),
            ("/site.webmanifest", false), ("/NotoSans-SemiBold.woff2", false), ("/polyfills-legacy.js", false), ("/robots.txt", false),
        ]
    )
    func cachePolicy(path: String, immutable: Bool) {
        #expect(DashboardCachePolicy.cacheControl(forPath: path) == (immutable ? "public, max-age=31536000, immutable" : "no-cache"))
    }

    @Test(
        "navigation is an Accept that takes HTML",
        arguments: [
            ("text/html", true), ("text/html,application/xhtml+xml,*/*;q=0.8", true), ("TEXT/HTML; charset=utf-8", true),
            ("application/json", false), ("*/*", false), ("text/html;q=0", false), ("text/html;q=0.0, */*", false), (nil, false),
        ] as [(String?, Bool)]
    )
    func navigation(accept: String?, expected: Bool) {
        #expect(DashboardRequestPath.acceptsHTML(accept) == expected)
    }

    @Test("the not-built page escapes the directory it names")
    func escaping() {
        #expect(DashboardNotBuiltPage.html(directory: "<script>x</script>").contains("&lt;script&gt;x&lt;/script&gt;"))
    }
}
