import Foundation
import HTTPTypes

/// An RFC 9457 problem: the one shape every error of every service takes on the wire (`application/problem+json`).
///
/// `type` is a URI reference naming the kind of problem (documented in docs/problems.md); `title` is the same for
/// every occurrence of a type; `detail` tells this user what happened and what to do next.
public struct Problem: Error, Sendable, Equatable, Codable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String?
    public var instance: String?
    /// Per-field validation failures, for 422 answers.
    public var errors: [FieldError]?
    /// Extension members (RFC 9457 §3.2), e.g. `request_id`, `allowed_methods`, `retry_after_seconds`.
    public var extensions: [String: JSONValue]
    /// Extra response headers (`Allow`, `Retry-After`, `WWW-Authenticate`); not part of the body.
    public var headers: [String: String]

    public init(
        type: String,
        title: String,
        status: HTTPResponse.Status,
        detail: String? = nil,
        errors: [FieldError]? = nil,
        extensions: [String: JSONValue] = [:],
        headers: [String: String] = [:]
    ) {
        self.type = type.hasPrefix("/") || type.contains(":") ? type : "/problems/\(type)"
        self.title = title
        self.status = status.code
        self.detail = detail
        self.errors = errors
        self.extensions = extensions
        self.headers = headers
    }

    /// One invalid input field, located by a JSON Pointer (RFC 6901) into the request body or a parameter name.
    public struct FieldError: Sendable, Equatable, Codable {
        public var pointer: String
        public var detail: String

        public init(pointer: String, detail: String) {
            self.pointer = pointer
            self.detail = detail
        }
    }

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, instance, errors
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decodeIfPresent(String.self, forKey: .type) ?? "about:blank"
        title = try container.decodeIfPresent(String.self, forKey: .title) ?? ""
        status = try container.decodeIfPresent(Int.self, forKey: .status) ?? 0
        detail = try container.decodeIfPresent(String.self, forKey: .detail)
        instance = try container.decodeIfPresent(String.self, forKey: .instance)
        errors = try container.decodeIfPresent([FieldError].self, forKey: .errors)
        extensions = [:]
        headers = [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(detail, forKey: .detail)
        try container.encodeIfPresent(instance, forKey: .instance)
        try container.encodeIfPresent(errors, forKey: .errors)
    }

    /// The body as JSON text, members in RFC order followed by the extensions.
    public func jsonBody() -> String {
        var members: [(String, JSONValue)] = [
            ("type", .string(type)), ("title", .string(title)), ("status", .int(Int64(status))),
        ]
        if let detail { members.append(("detail", .string(detail))) }
        if let instance { members.append(("instance", .string(instance))) }
        if let errors {
            members.append(("errors", .array(errors.map { .object([("pointer", .string($0.pointer)), ("detail", .string($0.detail))]) })))
        }
        for (key, value) in extensions.sorted(by: { $0.key < $1.key }) where !["type", "title", "status", "detail", "instance", "errors"].contains(key) {
            members.append((key, value))
        }
        return JSONValue.object(members).serialized()
    }
}

extension Problem: CustomStringConvertible {
    public var description: String { "\(status) \(title)\(detail.map { ": \($0)" } ?? "")" }
}

/// A typed error that knows which problem it is; each module's error enum conforms.
public protocol ProblemConvertible: Error {
    var problem: Problem { get }
}

extension Problem {
    public static func badRequest(_ detail: String, errors: [FieldError]? = nil) -> Problem {
        Problem(type: "bad-request", title: "The request is malformed", status: .badRequest, detail: detail, errors: errors)
    }

    public static func validation(_ detail: String, errors: [FieldError]) -> Problem {
        Problem(type: "validation-failed", title: "Some input is not valid", status: .unprocessableContent, detail: detail, errors: errors)
    }

    public static func notFound(_ detail: String) -> Problem {
        Problem(type: "not-found", title: "Not found", status: .notFound, detail: detail)
    }

    public static func methodNotAllowed(method: String, path: String, allowed: [String]) -> Problem {
        Problem(
            type: "method-not-allowed",
            title: "Method not allowed",
            status: .methodNotAllowed,
            detail: "\(method) is not supported on \(path); use \(allowed.joined(separator: ", "))",
            extensions: ["allowed_methods": .array(allowed.map { .string($0) })],
            headers: ["Allow": allowed.joined(separator: ", ")]
        )
    }

    public static func payloadTooLarge(limit: Int) -> Problem {
        Problem(
            type: "payload-too-large",
            title: "The request body is too large",
            status: .contentTooLarge,
            detail: "The body exceeds the limit of \(limit) bytes",
            extensions: ["limit_bytes": .int(Int64(limit))]
        )
    }

    public static func unsupportedMediaType(got: String?, expected: [String]) -> Problem {
        Problem(
            type: "unsupported-media-type",
            title: "Unsupported media type",
            status: .unsupportedMediaType,
            detail: "Content-Type \(got.map { "'\($0)'" } ?? "(missing)") is not accepted here; send \(expected.joined(separator: " or "))",
            extensions: ["accepted_media_types": .array(expected.map { .string($0) })]
        )
    }

    public static func unauthorized(_ detail: String, reason: String) -> Problem {
        Problem(
            type: "unauthorized",
            title: "Authentication required",
            status: .unauthorized,
            detail: detail,
            extensions: ["reason": .string(reason)],
            headers: ["WWW-Authenticate": "Bearer error=\"invalid_token\""]
        )
    }

    public static func forbidden(_ detail: String) -> Problem {
        Problem(type: "forbidden", title: "Not allowed", status: .forbidden, detail: detail)
    }

    public static func serviceUnavailable(_ detail: String, retryAfterSeconds: Int? = nil) -> Problem {
        var problem = Problem(type: "service-unavailable", title: "Service unavailable", status: .serviceUnavailable, detail: detail)
        if let retryAfterSeconds {
            problem.headers["Retry-After"] = String(retryAfterSeconds)
            problem.extensions["retry_after_seconds"] = .int(Int64(retryAfterSeconds))
        }
        return problem
    }

    public static func internalError(requestID: String) -> Problem {
        Problem(
            type: "internal-error",
            title: "Internal error",
            status: .internalServerError,
            detail: "Something went wrong on our side. The error is logged; quote request id \(requestID) if you contact support."
        )
    }
}
