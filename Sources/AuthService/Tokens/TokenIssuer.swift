import Foundation
import MPesaCore
import Platform

/// Mints access tokens (ARCHITECTURE §7): EdDSA JWTs with `iss aud sub tid role scope jti iat nbf exp`, the
/// session id `sid` (so revoking the session revokes the token) and `adm` for platform administrators.
struct TokenIssuer: Sendable {
    let keys: SigningKeyRing
    let issuer: String
    let audience: String
    let lifetime: Duration
    let time: TimeSource

    /// What a token says about who holds it.
    struct Subject: Sendable {
        var subject: String
        var sessionID: String?
        var tenant: TenantID?
        var role: Role?
        var scopes: [String]?
        var platformAdmin: Bool
    }

    struct Issued: Sendable {
        var token: String
        var expiresIn: Int
        var scope: String
    }

    func issue(for subject: Subject) async throws -> Issued {
        let now = Int64(time.now.timeIntervalSince1970)
        let seconds = lifetime.components.seconds
        let scopes = subject.scopes ?? subject.role.map(Scope.granted(to:)) ?? []
        let claims = AccessClaims(
            iss: issuer, aud: audience, sub: subject.subject, tid: subject.tenant?.rawValue, role: subject.role?.rawValue,
            scope: scopes.joined(separator: " "), jti: UUID().uuidString.lowercased(), iat: now, nbf: now, exp: now + seconds,
            adm: subject.platformAdmin ? true : nil, sid: subject.sessionID
        )
        return Issued(token: try await keys.sign(claims), expiresIn: Int(seconds), scope: claims.scope ?? "")
    }
}
