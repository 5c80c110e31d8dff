import Foundation
import Platform

/// The JSON of a BFF answer, built from the sections' results without any I/O:
/// `{"generated_at", <the screen's parameters>, "sections": {"<name>": {"status", …, "duration_ms"}}}`.
enum BFFDocument {
    static func render(generatedAt: Date, parameters: [(String, JSONValue)], results: [BFFSectionResult]) -> JSONValue {
        .object(
            [("generated_at", .string(RFC3339.format(generatedAt)))] + parameters
                + [("sections", .object(results.map { ($0.call.section, section($0)) }))]
        )
    }

    /// `{"status":"ok","data":…}`, `{"status":"error","http_status":403,"problem":…}` or
    /// `{"status":"unavailable","reason":…}`, each with `duration_ms`.
    static func section(_ result: BFFSectionResult) -> JSONValue {
        var members: [(String, JSONValue)] = [("status", .string(result.outcome.statusLabel))]
        switch result.outcome {
        case .ok(let data):
            members.append(("data", data))
        case .error(let status, let problem):
            members += [("http_status", .int(Int64(status))), ("problem", problem)]
        case .unavailable(let reason):
            members.append(("reason", .string(reason)))
        }
        members.append(("duration_ms", .int(milliseconds(result.duration))))
        return .object(members)
    }

    /// The problem to answer instead of the document when auth refused the caller's token: the session is gone,
    /// so the page must sign in again rather than render its sections. Nil when no such refusal happened.
    static func sessionRefusal(in results: [BFFSectionResult]) -> Problem? {
        for result in results where result.call.checksSession {
            if case .error(401, let problem) = result.outcome {
                return .unauthorized(
                    problem["detail"]?.stringValue ?? "Your session has ended; sign in again",
                    reason: problem["reason"]?.stringValue ?? "refused_by_auth"
                )
            }
        }
        return nil
    }

    /// Whole milliseconds, rounded down.
    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
