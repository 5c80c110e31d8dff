import AsyncHTTPClient
import Foundation
import Instrumentation
import NIOCore
import NIOHTTP1
import Tracing

/// The HTTP client services use to call each other and the outside world.
///
/// One AsyncHTTPClient per process: redirects are never followed (a redirect from an upstream is passed back, not
/// chased), every call has a deadline, the current `X-Request-Id` is forwarded, and the W3C `traceparent` of the
/// current span is injected by AsyncHTTPClient's built-in tracing (the client is created after the tracer is
/// bootstrapped, see ``Observability``).
public struct ServiceHTTPClient: Sendable {
    public let client: HTTPClient
    public let defaultTimeout: Duration

    public init(client: HTTPClient, defaultTimeout: Duration) {
        self.client = client
        self.defaultTimeout = defaultTimeout
    }

    /// Creates the process's client with the platform's settings.
    public static func make(defaultTimeout: Duration, connectionsPerHost: Int = 64) -> ServiceHTTPClient {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(2), read: .milliseconds(Int64(defaultTimeout.components.seconds * 1000) + 1000)),
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connectionsPerHost),
            ignoreUncleanSSLShutdown: false,
            decompression: .disabled
        )
        configuration.tracing.tracer = InstrumentationSystem.tracer
        configuration.httpVersion = .http1Only
        return ServiceHTTPClient(client: HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration), defaultTimeout: defaultTimeout)
    }

    /// Sends a request within `timeout`, forwarding the request id; transport failures become ``UpstreamError``.
    public func execute(_ request: HTTPClientRequest, timeout: Duration? = nil) async throws(UpstreamError) -> HTTPClientResponse {
        var request = request
        if let requestID = RequestScope.currentRequestID, !request.headers.contains(name: "X-Request-Id") {
            request.headers.add(name: "X-Request-Id", value: requestID)
        }
        let deadline = timeout ?? defaultTimeout
        do {
            return try await client.execute(request, timeout: .nanoseconds(deadline.components.seconds * 1_000_000_000 + deadline.components.attoseconds / 1_000_000_000))
        } catch {
            throw UpstreamError.classify(error, url: request.url, timeout: deadline)
        }
    }

    /// GETs `url` and returns the body as text; non-2xx answers throw ``UpstreamError/status(_:url:problem:)``.
    public func getText(url: String, timeout: Duration? = nil, maxBytes: Int = 1 << 20) async throws(UpstreamError) -> String {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        let response = try await execute(request, timeout: timeout)
        let body = try await Self.collect(response, url: url, maxBytes: maxBytes)
        guard (200..<300).contains(response.status.code) else {
            throw .status(Int(response.status.code), url: url, problem: try? JSONDecoder().decode(Problem.self, from: body))
        }
        return String(decoding: body, as: UTF8.self)
    }

    /// Sends `body` as JSON (if any) and decodes a JSON answer of type `T`; problem answers are kept in the error.
    public func json<T: Decodable>(
        _ method: HTTPMethod,
        url: String,
        body: (some Encodable)? = Optional<String>.none,
        headers: HTTPHeaders = [:],
        timeout: Duration? = nil,
        as type: T.Type
    ) async throws(UpstreamError) -> T {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers = headers
        request.headers.replaceOrAdd(name: "Accept", value: "application/json")
        if let body {
            guard let data = try? ServiceJSONCoding.makeEncoder().encode(body) else {
                throw .unreachable(url: url, reason: "the request body could not be encoded")
            }
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: data))
        }
        let response = try await execute(request, timeout: timeout)
        let data = try await Self.collect(response, url: url, maxBytes: 32 << 20)
        guard (200..<300).contains(response.status.code) else {
            throw .status(Int(response.status.code), url: url, problem: try? JSONDecoder().decode(Problem.self, from: data))
        }
        if data.isEmpty, let empty = NoContent() as? T { return empty }
        do {
            return try ServiceJSONCoding.makeDecoder().decode(T.self, from: data)
        } catch {
            throw .invalidResponse(url: url, reason: "\(error)")
        }
    }

    public static func collect(_ response: HTTPClientResponse, url: String, maxBytes: Int) async throws(UpstreamError) -> Data {
        do {
            var buffer = try await response.body.collect(upTo: maxBytes)
            return buffer.readData(length: buffer.readableBytes) ?? Data()
        } catch {
            throw UpstreamError.classify(error, url: url, timeout: nil)
        }
    }

    /// Closes idle connections; call once at process shutdown.
    public func shutdown() async throws {
        try await client.shutdown()
    }
}

/// The answer of a call that returns nothing (204), for ``ServiceHTTPClient/json(_:url:body:headers:timeout:as:)``.
public struct NoContent: Decodable, Sendable {
    public init() {}
}

/// A failed call to another service, mapped to 502/503/504 when it reaches the API's caller.
public enum UpstreamError: Error, Sendable, ProblemConvertible, CustomStringConvertible {
    case unreachable(url: String, reason: String)
    case timeout(url: String, after: Duration)
    case status(Int, url: String, problem: Problem?)
    case invalidResponse(url: String, reason: String)

    static func classify(_ error: any Error, url: String, timeout: Duration?) -> UpstreamError {
        if let upstream = error as? UpstreamError { return upstream }
        if let client = error as? HTTPClientError {
            if client == .deadlineExceeded || client == .readTimeout || client == .connectTimeout {
                return .timeout(url: url, after: timeout ?? .zero)
            }
        }
        return .unreachable(url: url, reason: ErrorText.short(error))
    }

    public var description: String {
        switch self {
        case let .unreachable(url, reason): "\(url) is unreachable: \(reason)"
        case let .timeout(url, after): "\(url) did not answer within \(after)"
        case let .status(status, url, problem): "\(url) answered \(status)\(problem.map { ": \($0.detail ?? $0.title)" } ?? "")"
        case let .invalidResponse(url, reason): "\(url) answered something unexpected: \(reason)"
        }
    }

    public var problem: Problem {
        switch self {
        case .unreachable:
            Problem(type: "upstream-unavailable", title: "A service we depend on is unavailable", status: .badGateway, detail: "Please retry in a moment.")
        case .timeout:
            Problem(type: "upstream-timeout", title: "A service we depend on timed out", status: .gatewayTimeout, detail: "Please retry in a moment.")
        case let .status(status, _, problem):
            // A client error from an upstream is the caller's to fix, so it passes through; a server error does not leak.
            if let problem, (400..<500).contains(status) { problem } else {
                Problem(type: "upstream-error", title: "A service we depend on failed", status: .badGateway, detail: "Please retry in a moment.")
            }
        case .invalidResponse:
            Problem(type: "upstream-error", title: "A service we depend on failed", status: .badGateway, detail: "Please retry in a moment.")
        }
    }
}
