import Foundation
import JWTKit

/// The claims of an access token issued by the auth service (ARCHITECTURE §7).
///
/// `tid` is the organisation the token acts for, `role` the caller's role in it, `scope` the space-separated
/// scopes. Signature checks happen in ``TokenVerifier``; time and audience checks use the injected clock there.
public struct AccessClaims: JWTPayload, Equatable {
    public var iss: String
    public var aud: AudienceValue
    public var sub: String
    public var tid: String?
    public var role: String?
    public var scope: String?
    public var jti: String
    public var iat: Int64
    public var nbf: Int64
    public var exp: Int64
    /// Set on tokens of platform administrators.
    public var adm: Bool?
    /// The session the token belongs to (absent on API-key tokens); revoking the session revokes the token.
    public var sid: String?

    public init(
        iss: String, aud: String, sub: String, tid: String?, role: String?, scope: String?, jti: String,
        iat: Int64, nbf: Int64, exp: Int64, adm: Bool? = nil, sid: String? = nil
    ) {
        self.iss = iss
        self.aud = AudienceValue([aud])
        self.sub = sub
        self.tid = tid
        self.role = role
        self.scope = scope
        self.jti = jti
        self.iat = iat
        self.nbf = nbf
        self.exp = exp
        self.adm = adm
        self.sid = sid
    }

    /// Signature-only verification hook of jwt-kit; the claim checks need the injected clock, so they live in
    /// ``TokenVerifier``.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// The `aud` claim, which JWT allows as one string or an array of strings.
public struct AudienceValue: Codable, Sendable, Equatable {
    public var values: [String]

    public init(_ values: [String]) { self.values = values }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let single = try? container.decode(String.self) {
            values = [single]
        } else {
            values = try container.decode([String].self)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if values.count == 1 { try container.encode(values[0]) } else { try container.encode(values) }
    }
}
