import Foundation
import JWTKit
import MPesaCore

/// Verifies access tokens the way every service must (ARCHITECTURE §7): EdDSA signature against the auth
/// service's published keys, then issuer, audience, expiry and not-before with 60 seconds of clock skew.
public struct TokenVerifier: Sendable {
    public let keys: JWKSCache
    public let issuer: String
    public let audience: String
    public let leeway: TimeInterval
    public let time: TimeSource
    private let verified: VerifiedTokens

    /// `cacheCapacity` bounds how many verified tokens are remembered (0: verify every signature every time).
    public init(keys: JWKSCache, issuer: String, audience: String, leeway: TimeInterval = 60, time: TimeSource = .system, cacheCapacity: Int = 20_000) {
        self.keys = keys
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway
        self.time = time
        self.verified = VerifiedTokens(capacity: cacheCapacity)
    }

    /// The verdict on a token seen in the last minute, accepted or refused, without suspending; nil when the token
    /// must go through ``verify(_:)``.
    public func recentVerdict(_ token: String) -> Result<Caller, TokenRejection>? {
        let now = time.now.timeIntervalSince1970
        if let caller = verified.caller(for: token, now: now, leeway: leeway) { return .success(caller) }
        if let rejection = verified.rejection(for: token, now: now) { return .failure(rejection) }
        return nil
    }

    /// The caller a compact JWS proves, or a ``TokenRejection`` saying why not.
    public func verify(_ token: String) async throws(TokenRejection) -> Caller {
        let now = time.now.timeIntervalSince1970
        if let caller = verified.caller(for: token, now: now, leeway: leeway) { return caller }
        if let rejection = verified.rejection(for: token, now: now) { throw rejection }
        do {
            return try await verifyAfresh(token, now: now)
        } catch {
            verified.remember(token, refused: error, now: now)
            throw error
        }
    }

    private func verifyAfresh(_ token: String, now: Double) async throws(TokenRejection) -> Caller {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, token.utf8.count <= 8192 else { throw .malformed }
        guard let headerData = Data(base64URLEncodedString: String(parts[0])),
            let header = try? JSONDecoder().decode(TokenHeader.self, from: headerData)
        else { throw .malformed }
        guard header.alg == "EdDSA" else { throw .algorithm(header.alg ?? "none") }

        let collection: JWTKeyCollection
        do {
            collection = try await keys.keys(for: header.kid)
        } catch {
            switch error {
            case .unknownKey(let kid): throw .unknownKey(kid)
            case .unavailable(let reason): throw .keysUnavailable(reason)
            }
        }
        let claims: AccessClaims
        do {
            claims = try await collection.verify(token, as: AccessClaims.self)
        } catch {
            throw .signature
        }
        guard claims.iss == issuer else { throw .issuer }
        guard claims.aud.values.contains(audience) else { throw .audience }
        guard Double(claims.exp) + leeway > now else { throw .expired }
        guard Double(claims.nbf) - leeway <= now, Double(claims.iat) - leeway <= now else { throw .notYetValid }
        var tenant: TenantID?
        if let tid = claims.tid {
            guard let parsed = try? TenantID(tid) else { throw .malformed }
            tenant = parsed
        }
        var role: Role?
        if let roleText = claims.role {
            guard let parsed = Role(rawValue: roleText) else { throw .malformed }
            role = parsed
        }
        let caller = Caller(
            userID: claims.sub,
            tenantID: tenant,
            role: role,
            scopes: Set((claims.scope ?? "").split(separator: " ").map(String.init)),
            tokenID: claims.jti,
            expiresAt: claims.exp,
            isPlatformAdmin: claims.adm ?? false,
            sessionID: claims.sid
        )
        let notBefore = max(Double(claims.nbf), Double(claims.iat))
        verified.remember(token, .init(caller: caller, notBefore: notBefore, expires: Double(claims.exp), verifiedAt: now))
        return caller
    }

    private struct TokenHeader: Decodable {
        let alg: String?
        let kid: String?
        let typ: String?
    }
}

/// Why a token was refused. Each maps to a 401 (or a 503 when keys cannot be had) with a `reason` that
/// metrics count separately.
public enum TokenRejection: Error, Sendable, Equatable, ProblemConvertible {
    case missing
    case malformed
    case algorithm(String)
    case unknownKey(String)
    case keysUnavailable(String)
    case signature
    case issuer
    case audience
    case expired
    case notYetValid
    case revoked
    case tenantSuspended

    /// A short machine-readable reason, used as a metric label.
    public var reason: String {
        switch self {
        case .missing: "missing"
        case .malformed: "malformed"
        case .algorithm: "algorithm"
        case .unknownKey: "unknown_kid"
        case .keysUnavailable: "keys_unavailable"
        case .signature: "signature"
        case .issuer: "issuer"
        case .audience: "audience"
        case .expired: "expired"
        case .notYetValid: "not_yet_valid"
        case .revoked: "revoked"
        case .tenantSuspended: "tenant_suspended"
        }
    }

    public var problem: Problem {
        switch self {
        case .missing:
            .unauthorized("Send an access token in the Authorization header: `Authorization: Bearer <token>`", reason: reason)
        case .malformed:
            .unauthorized("The bearer token is not a well-formed access token", reason: reason)
        case .algorithm(let alg):
            .unauthorized("Tokens signed with '\(alg)' are not accepted; access tokens are EdDSA", reason: reason)
        case .unknownKey:
            .unauthorized("The token was signed by a key this platform does not publish; log in again", reason: reason)
        case .keysUnavailable:
            .serviceUnavailable("Tokens cannot be verified right now because the key server is unreachable", retryAfterSeconds: 5)
        case .signature:
            .unauthorized("The token signature does not verify", reason: reason)
        case .issuer:
            .unauthorized("The token was issued by someone else", reason: reason)
        case .audience:
            .unauthorized("The token is not meant for this API", reason: reason)
        case .expired:
            .unauthorized("The access token has expired; refresh it with POST /api/v1/auth/refresh", reason: reason)
        case .notYetValid:
            .unauthorized("The access token is not valid yet; check the client's clock", reason: reason)
        case .revoked:
            .unauthorized("The session behind this token was revoked; log in again", reason: reason)
        case .tenantSuspended:
            .unauthorized("This organisation is suspended; contact support or switch to another organisation", reason: reason)
        }
    }
}

extension Data {
    /// Decodes unpadded base64url (RFC 4648 §5), as JWTs use.
    init?(base64URLEncodedString text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64.append("=") }
        self.init(base64Encoded: base64)
    }
}
