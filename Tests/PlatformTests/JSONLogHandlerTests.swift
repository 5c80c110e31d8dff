import Foundation
import Logging
import NIOConcurrencyHelpers
import Platform
import Testing

@Suite("JSON logs")
struct JSONLogHandlerTests {
    @Test("each event is one JSON object per line with service, level, message and metadata")
    func jsonLines() throws {
        let lines = NIOLockedValueBox<[String]>([])
        var logger = Logger(label: "analytics") { label in
            JSONLogHandler(label: label, level: .debug, metadataProvider: nil, sink: LogSink { line in lines.withLockedValue { $0.append(line) } })
        }
        logger[metadataKey: "request_id"] = "req-1"
        logger.info("statement \"uploaded\"\nsecond line", metadata: ["tenant_id": "acme", "rows": .stringConvertible(42)])
        logger.debug("detail")
        let written = lines.withLockedValue { $0 }
        #expect(written.count == 2)
        for line in written {
            #expect(!line.contains("\n"))
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["service"] as? String == "analytics")
            #expect(object?["request_id"] as? String == "req-1")
            #expect(object?["ts"] is String)
        }
        let first = try JSONSerialization.jsonObject(with: Data(written[0].utf8)) as? [String: Any]
        #expect(first?["msg"] as? String == "statement \"uploaded\"\nsecond line")
        #expect(first?["tenant_id"] as? String == "acme")
        #expect(first?["level"] as? String == "info")
    }
}
