import Instrumentation
import Logging
import NIOConcurrencyHelpers
import OTel
import ServiceLifecycle
import Tracing

/// The process-wide logging and tracing backends, bootstrapped once per process.
///
/// swift-log and swift-distributed-tracing hold process-global state, so `mpesa serve all` (eleven servers in one
/// process) and the test runner both bootstrap through here, which makes a second call harmless.
///
/// Tracing always runs the OpenTelemetry tracer, so every request has a W3C trace id that appears in logs and in
/// the `traceparent` header of outgoing calls; spans are exported over OTLP/HTTP only when an endpoint is set.
public enum Observability {
    private static let state = NIOLockedValueBox<(logging: Bool, tracing: Bool)>((false, false))

    /// Installs the JSON log handler with trace correlation. Returns false if logging was already bootstrapped.
    @discardableResult
    public static func bootstrapLogging(level: Logger.Level, format: LogFormat, sink: LogSink = .standardOutput) -> Bool {
        state.withLockedValue { state in
            guard !state.logging else { return false }
            state.logging = true
            var metadataConfiguration = OTel.Configuration.LoggingMetadataProviderConfiguration.default
            metadataConfiguration.traceFlagsKey = "trace_flags"
            let provider = OTel.makeLoggingMetadataProvider(configuration: metadataConfiguration)
            LoggingSystem.bootstrap(
                { label, provider in JSONLogHandler(label: label, level: level, format: format, metadataProvider: provider, sink: sink) },
                metadataProvider: provider
            )
            return true
        }
    }

    /// Installs the OpenTelemetry tracer. Returns the background service that exports spans (run it in the
    /// process's ServiceGroup), or nil if tracing was already bootstrapped.
    public static func bootstrapTracing(serviceName: String, otlpEndpoint: String?) throws -> (any Service)? {
        try state.withLockedValue { state -> (any Service)? in
            guard !state.tracing else { return nil }
            var configuration = OTel.Configuration.default
            configuration.serviceName = serviceName
            configuration.diagnosticLogger = .custom(Logger(label: "otel"))
            configuration.diagnosticLogLevel = .warning
            configuration.metrics.enabled = false
            configuration.logs.enabled = false
            if let otlpEndpoint {
                configuration.traces.exporter = .otlp
                configuration.traces.otlpExporter.endpoint = otlpEndpoint.hasSuffix("/v1/traces")
                    ? otlpEndpoint
                    : (otlpEndpoint.hasSuffix("/") ? "\(otlpEndpoint)v1/traces" : "\(otlpEndpoint)/v1/traces")
            } else {
                configuration.traces.exporter = .none
            }
            let backend = try OTel.makeTracingBackend(configuration: configuration)
            InstrumentationSystem.bootstrap(backend.factory)
            state.tracing = true
            return backend.service
        }
    }
}
