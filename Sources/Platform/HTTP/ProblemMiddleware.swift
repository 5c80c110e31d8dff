import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Turns every error a handler throws into an RFC 9457 `application/problem+json` response.
///
/// Typed errors map to their own problem; Hummingbird's `HTTPError`s (404 for unknown routes, 413 for bodies over
/// the limit) and decoding failures map to the standard ones; anything unexpected becomes a 500 that reveals
/// nothing internal but is logged with the request id. Bodies announced larger than the limit are refused before
/// they are read.
public struct ProblemMiddleware: RouterMiddleware {
    public typealias Context = ServiceRequestContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > context.maxUploadSize {
            return Self.response(for: Problem.payloadTooLarge(limit: context.maxUploadSize), request: request, context: context)
        }
        do {
            return try await next(request, context)
        } catch {
            let problem = Self.problem(for: error, request: request, context: context)
            if problem.status >= 500 {
                context.logger.error("request failed", metadata: ["error": .string(String(reflecting: error)), "error.type": .string("\(type(of: error))")])
            }
            return Self.response(for: problem, request: request, context: context)
        }
    }

    /// The problem a thrown error stands for.
    public static func problem(for error: any Error, request: Request, context: Context) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let convertible as any ProblemConvertible:
            return convertible.problem
        case let decoding as DecodingError:
            return ServiceJSONCoding.problem(for: decoding)
        case let http as HTTPError:
            return problem(for: http, request: request, context: context)
        default:
            return .internalError(requestID: context.requestID)
        }
    }

    static func problem(for error: HTTPError, request: Request, context: Context) -> Problem {
        var problem: Problem
        switch error.status {
        case .notFound:
            problem = .notFound(
                context.endpointPath == "NotFound" || context.endpointPath == nil
                    ? "No route matches \(request.method.rawValue) \(request.uri.path); this service's routes are listed at /openapi.json"
                    : (error.body ?? "The resource does not exist")
            )
        case .contentTooLarge:
            problem = .payloadTooLarge(limit: context.maxUploadSize)
        case .unsupportedMediaType:
            problem = .unsupportedMediaType(got: request.headers[.contentType], expected: ["application/json"])
        case .badRequest:
            problem = .badRequest(error.body ?? "The request is malformed")
        default:
            problem = Problem(
                type: error.status.code >= 500 ? "internal-error" : "about:blank",
                title: error.status.reasonPhrase,
                status: error.status,
                detail: error.status.code >= 500 ? nil : error.body
            )
        }
        for field in error.headers {
            problem.headers[field.name.canonicalName] = field.value
        }
        return problem
    }

    /// Serialises a problem as the response body, with its headers and the request path as `instance`.
    public static func response(for problem: Problem, request: Request, context: Context) -> Response {
        var problem = problem
        problem.instance = problem.instance ?? request.uri.path
        if !context.requestID.isEmpty { problem.extensions["request_id"] = .string(context.requestID) }
        let body = problem.jsonBody()
        var headers: HTTPFields = [.contentType: "application/problem+json", .contentLength: String(body.utf8.count)]
        for (name, value) in problem.headers {
            if let fieldName = HTTPField.Name(name) { headers[fieldName] = value }
        }
        return Response(
            status: .init(code: problem.status),
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: body))
        )
    }
}
