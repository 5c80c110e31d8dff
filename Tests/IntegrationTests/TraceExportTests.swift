import Foundation
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers
import Platform
import Testing
import TestSupport

/// Stands in for an OpenTelemetry collector: records every OTLP/HTTP export it receives.
final class CollectorSink: Sendable {
    private let exports = NIOLockedValueBox<[(contentType: String, bytes: Int)]>([])
    var received: [(contentType: String, bytes: Int)] { exports.withLockedValue { $0 } }

    func application() -> some ApplicationProtocol {
        let router = Router()
        router.post("/v1/traces") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 16 << 20)
            self.exports.withLockedValue { $0.append((request.headers[.contentType] ?? "", body.readableBytes)) }
            return .ok
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }
}

@Suite("OpenTelemetry export")
struct TraceExportTests {
    @Test("with OTEL_EXPORTER_OTLP_ENDPOINT set, spans are exported over OTLP/HTTP")
    func exportsSpans() async throws {
        let sink = CollectorSink()
        try await sink.application().test(.live) { collector in
            let ports = try FreePorts.allocate(1)
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let parser = try ChildProcess(
                arguments: ["serve", "parser"],
                environment: [
                    "PARSER_PORT": String(ports[0]),
                    "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:\(collector.port!)",
                    "OTEL_BSP_SCHEDULE_DELAY": "100",
                    "ENV_FILE": directory.path + "/.env",
                    "CONFIG_FILE": directory.path + "/mpesa.json",
                ]
            )
            defer { Task { await parser.stop() } }
            try await eventually(timeout: .seconds(30), "the parser to serve") {
                (try? await fetch("http://127.0.0.1:\(ports[0])/health"))?.status == 200
            }
            try await eventually(timeout: .seconds(20), "an OTLP export to arrive") {
                _ = try? await fetch("http://127.0.0.1:\(ports[0])/v1/anything")
                return !sink.received.isEmpty
            }
            #expect(sink.received.allSatisfy { $0.contentType == "application/x-protobuf" && $0.bytes > 0 })
            parser.signal(SIGTERM)
            #expect(try await parser.waitForExit() == 0)
        }
    }
}
