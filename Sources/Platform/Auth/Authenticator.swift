import Hummingbird

/// Resolves the caller of a request from its bearer token, lazily: routes that need no caller never pay for a
/// key fetch or a signature check.
public struct Authenticator: Sendable {
    public let verifier: TokenVerifier
    public let metrics: ServiceMetrics?
    /// Revoked sessions and suspended organisations; nil where nothing feeds it (unit tests of other parts).
    public let revocations: AccessRevocations?

    public init(verifier: TokenVerifier, metrics: ServiceMetrics?, revocations: AccessRevocations? = nil) {
        self.verifier = verifier
        self.metrics = metrics
        self.revocations = revocations
    }

    public func caller(bearer: String?) async throws(TokenRejection) -> Caller {
        guard let bearer else {
            count(.missing)
            throw .missing
        }
        let caller: Caller
        do {
            caller = try await verifier.verify(bearer)
        } catch {
            count(error)
            throw error
        }
        if let revocations {
            if let session = caller.sessionID, revocations.isRevoked(session: session) {
                count(.revoked)
                throw .revoked
            }
            if let tenant = caller.tenantID, revocations.isSuspended(tenant: tenant.rawValue) {
                count(.tenantSuspended)
                throw .tenantSuspended
            }
        }
        return caller
    }

    private func count(_ rejection: TokenRejection) {
        metrics?.counter("auth_rejections", help: "Requests refused for a bad or missing token, by reason", labels: [("reason", rejection.reason)]).increment()
    }

    /// The token of an `Authorization: Bearer …` header, or nil.
    public static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}

extension ServiceRequestContext {
    /// The verified caller of this request; 401 problem if the token is missing or invalid.
    ///
    /// Also tags the request's log lines with the caller's tenant.
    public mutating func requireCaller(_ request: Request) async throws -> Caller {
        guard let authenticator else {
            throw Problem.internalError(requestID: requestID)
        }
        let caller = try await authenticator.caller(bearer: Authenticator.bearerToken(request.headers[.authorization]))
        if let tenant = caller.tenantID {
            logger[metadataKey: "tenant_id"] = .string(tenant.rawValue)
            scope.tenantID = tenant.rawValue
        }
        return caller
    }
}
