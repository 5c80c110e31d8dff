import Foundation
import Logging
import NIOConcurrencyHelpers

/// A swift-log handler that writes one JSON object per line, the format log shippers ingest without parsing rules.
///
/// Every line carries `ts`, `level`, `service` and `msg`; request-scoped metadata (`request_id`, `trace_id`,
/// `span_id`, `tenant_id`) comes from the logger's metadata and the metadata provider (the tracing context).
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level
    private let label: String
    private let sink: LogSink
    private let format: LogFormat

    public init(label: String, level: Logger.Level, format: LogFormat = .json, metadataProvider: Logger.MetadataProvider?, sink: LogSink = .standardOutput) {
        self.label = label
        self.logLevel = level
        self.format = format
        self.metadataProvider = metadataProvider
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Keys Hummingbird adds that the platform already reports under its own names.
    private static let droppedKeys: Set<String> = ["hb.request.id"]

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() {
            merged.merge(provided) { _, new in new }
        }
        if let extra = event.metadata {
            merged.merge(extra) { _, new in new }
        }
        let line: String
        switch format {
        case .json:
            var fields: [(String, String)] = [
                ("ts", JSONText.string(Self.timestamp())),
                ("level", JSONText.string(event.level.rawValue)),
                // A `service` in the metadata (the service a line is about) names it instead of the logger's label:
                // a key written twice is read differently by every log shipper.
                ("service", merged["service"].map(JSONText.encode) ?? JSONText.string(label)),
                ("msg", JSONText.string("\(event.message)")),
            ]
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) where !Self.droppedKeys.contains(key) && key != "service" {
                fields.append((key, JSONText.encode(value)))
            }
            if event.level >= .error {
                fields.append(("source", JSONText.string("\(event.file):\(event.line)")))
            }
            line = "{" + fields.map { "\(JSONText.string($0.0)):\($0.1)" }.joined(separator: ",") + "}"
        case .text:
            let extras = merged.sorted(by: { $0.key < $1.key })
                .filter { !Self.droppedKeys.contains($0.key) }
                .map { "\($0.key)=\($0.value)" }
                .joined(separator: " ")
            line = "\(Self.timestamp()) \(event.level.rawValue.uppercased()) [\(label)] \(event.message)\(extras.isEmpty ? "" : " " + extras)"
        }
        sink.write(line)
    }

    private static let timestampStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    private static func timestamp() -> String {
        Date().formatted(timestampStyle)
    }
}

/// Where log lines go: standard output by default, or a closure in tests that read the lines back.
public struct LogSink: Sendable {
    private let writeLine: @Sendable (String) -> Void

    public init(_ writeLine: @escaping @Sendable (String) -> Void) {
        self.writeLine = writeLine
    }

    func write(_ line: String) { writeLine(line) }

    private static let lock = NIOLock()

    public static let standardOutput = LogSink { line in
        let bytes = Array((line + "\n").utf8)
        lock.withLock {
            bytes.withUnsafeBufferPointer { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Foundation.write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                    if written <= 0 { break }
                    offset += written
                }
            }
        }
    }
}

/// Minimal JSON text encoding for log fields, kept allocation-light because it runs on every log line.
enum JSONText {
    static func string(_ value: String) -> String {
        var result = "\""
        result.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let s where s.value < 0x20:
                result += "\\u" + String(repeating: "0", count: 4 - String(s.value, radix: 16).count) + String(s.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        result += "\""
        return result
    }

    static func encode(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): string(text)
        case .stringConvertible(let convertible): string(convertible.description)
        case .array(let values): "[" + values.map(encode).joined(separator: ",") + "]"
        case .dictionary(let dictionary):
            "{" + dictionary.sorted(by: { $0.key < $1.key }).map { "\(string($0.key)):\(encode($0.value))" }.joined(separator: ",") + "}"
        }
    }
}
