import Platform

/// What the edge decided about one request before it goes upstream.
struct EdgeVerdict: Sendable {
    /// Set when the request is refused: the answer to send instead of forwarding.
    var refusal: Problem?
    /// A replacement `Authorization` header (an API key exchanged for an access token).
    var authorization: String?
    var tenantID: String?
    var userID: String?
    /// `RateLimit-Policy` and `RateLimit` values, when a limit applies.
    var rateLimitPolicy: String?
    var rateLimitState: String?

    static func refused(_ problem: Problem) -> EdgeVerdict { EdgeVerdict(refusal: problem) }
}

/// A verdict reached at once (the usual case: the token was seen recently and the plan is known), or work that
/// must suspend first (a signature to check, a key to exchange, a plan to look up).
enum EdgeAdmission: Sendable {
    case decided(EdgeVerdict)
    case pending(@Sendable () async -> EdgeVerdict)
}
