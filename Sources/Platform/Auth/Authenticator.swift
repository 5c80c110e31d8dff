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
        if let rejection = revocationCheck(caller) {
            count(rejection)
            throw rejection
        }
        return caller
    }

    /// The caller of a recently verified token with revocations and suspensions checked, without suspending; nil
    /// when the token has to be verified by ``caller(bearer:)``.
    public func recentCaller(bearer: String) -> Result<Caller, TokenRejection>? {
        guard let verdict = verifier.recentVerdict(bearer) else { return nil }
        let caller: Caller
        switch verdict {
        case .success(let known): caller = known
        case .failure(let rejection):
            count(rejection)
            return .failure(rejection)
        }
        if let rejection = revocationCheck(caller) {
            count(rejection)
            return .failure(rejection)
        }
        return .success(caller)
    }

    private func revocationCheck(_ caller: Caller) -> TokenRejection? {
        guard let revocations else { return nil }
        if let session = caller.sessionID, revocations.isRevoked(session: session) { return .revoked }
        if let tenant = caller.tenantID, revocations.isSuspended(tenant: tenant.rawValue) { return .tenantSuspended }
        return nil
    }

    /// Counts a refusal under its reason in `auth_rejections_total`.
    public func count(_ rejection: TokenRejection) {
        metrics?.counter("auth_rejections", help: "Requests refused for a bad or missing token, by reason", labels: [("reason", rejection.reason)]).increment()
    }

    /// The token of an `Authorization: Bearer …` header, or nil.
    ///
    /// Works on the UTF-8 bytes: it runs on every request of every service, and Foundation's trimming costs more
    /// than the rest of the gateway's edge checks together.
    public static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let bytes = header.utf8
        guard bytes.count > 7 else { return nil }
        var index = bytes.startIndex
        for expected in "bearer".utf8 {
            guard bytes[index] | 0x20 == expected else { return nil }
            index = bytes.index(after: index)
        }
        guard bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") else { return nil }
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let start = bytes[index...].firstIndex(where: { !isSpace($0) }),
            let last = bytes[start...].lastIndex(where: { !isSpace($0) })
        else { return nil }
        return String(Substring(bytes[start...last]))
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
