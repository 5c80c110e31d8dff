import Foundation
import NIOCore
import NIOHTTP1
import Platform

/// What became of one section's upstream call: its data, the upstream's refusal (4xx, passed on), or why the
/// upstream could not answer (5xx, timeout, connection failure), phrased for the page and naming the service.
enum BFFOutcome: Sendable, Equatable {
    case ok(JSONValue)
    case error(httpStatus: Int, problem: JSONValue)
    case unavailable(reason: String)

    /// The section's `status` member, also the metric label.
    var statusLabel: String {
        switch self {
        case .ok: "ok"
        case .error: "error"
        case .unavailable: "unavailable"
        }
    }

    /// The meaning of an answer `service` gave with `status` and `body`.
    static func classify(service: ServiceName, status: Int, body: Data) -> BFFOutcome {
        switch status {
        case 200..<300:
            if body.isEmpty { return .ok(.null) }
            guard let value = try? JSONDecoder().decode(JSONValue.self, from: body) else {
                return .unavailable(reason: "\(service.rawValue) answered \(status) with a body that is not JSON")
            }
            return .ok(value)
        case 400..<500:
            return .error(httpStatus: status, problem: problem(status: status, body: body))
        default:
            // 5xx, and the 1xx/3xx a JSON API should never send (redirects are not followed).
            return .unavailable(reason: "\(service.rawValue) answered \(status)")
        }
    }

    /// The upstream's problem document when it sent one, otherwise a minimal RFC 9457 problem for `status`.
    static func problem(status: Int, body: Data) -> JSONValue {
        if let value = try? JSONDecoder().decode(JSONValue.self, from: body), case .object = value {
            return value
        }
        return .object([
            ("type", "about:blank"), ("title", .string(HTTPResponseStatus(statusCode: status).reasonPhrase)), ("status", .int(Int64(status))),
        ])
    }

    /// The meaning of a call to `service` that failed before it had an answer. The reason names the service and the
    /// kind of failure only: addresses and low-level errors stay in the gateway's log.
    static func failure(_ error: any Error, service: ServiceName, timeout: Duration) -> BFFOutcome {
        let name = service.rawValue
        switch error {
        case is DeadlineExceeded, UpstreamError.timeout:
            return .unavailable(reason: "\(name) did not answer within \(BFFDocument.milliseconds(timeout)) ms")
        case is NIOTooManyBytesError:
            return .unavailable(reason: "\(name) answered more than \(BFFFanOut.maxBodyBytes >> 20) MiB")
        case UpstreamError.unreachable(_, let reason) where reason.lowercased().contains("refused"):
            return .unavailable(reason: "\(name) refused the connection (is it running?)")
        default:
            return .unavailable(reason: "\(name) could not be reached")
        }
    }
}
