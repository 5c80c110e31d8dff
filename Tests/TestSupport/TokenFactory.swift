import Crypto
import Foundation
import JWTKit
import Platform

/// Signs access tokens the way the auth service does (EdDSA, `kid` in the header) and publishes the matching
/// JWKS, so token checks are tested with real signatures.
public struct SigningKey: Sendable {
    public let kid: String
    public let privateKey: EdDSA.PrivateKey

    public init(kid: String = "key-\(UUID().uuidString.prefix(8).lowercased())") throws {
        self.kid = kid
        self.privateKey = try EdDSA.PrivateKey()
    }

    /// The public half as a JWK.
    public var jwk: [String: String] {
        ["kty": "OKP", "crv": "Ed25519", "use": "sig", "alg": "EdDSA", "kid": kid, "x": privateKey.publicKey.rawRepresentation.base64URLEncoded]
    }
}

public enum TokenFactory {
    public static let issuer = "mpesa-auth"
    public static let audience = "mpesa-api"

    /// A JWKS document publishing `keys`.
    public static func jwks(_ keys: [SigningKey]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: ["keys": keys.map(\.jwk)], options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// Claims valid for 15 minutes from `now`.
    public static func claims(
        now: Date = Date(),
        subject: String = "usr_alice",
        tenant: String? = "acme",
        role: String? = "owner",
        issuer: String = issuer,
        audience: String = audience,
        lifetime: TimeInterval = 900
    ) -> AccessClaims {
        let issued = Int64(now.timeIntervalSince1970)
        return AccessClaims(
            iss: issuer, aud: audience, sub: subject, tid: tenant, role: role, scope: "statements:read statements:write",
            jti: UUID().uuidString, iat: issued, nbf: issued, exp: issued + Int64(lifetime)
        )
    }

    /// A compact JWS of `claims` signed by `key`.
    public static func sign(_ claims: AccessClaims, with key: SigningKey) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(eddsa: key.privateKey, kid: JWKIdentifier(string: key.kid))
        return try await keys.sign(claims, kid: JWKIdentifier(string: key.kid))
    }

    /// A token with `alg: none` and no signature: must always be refused.
    public static func unsigned(_ claims: AccessClaims) throws -> String {
        let header = Data(#"{"alg":"none","typ":"JWT"}"#.utf8).base64URLEncoded
        let payload = try JSONEncoder().encode(claims).base64URLEncoded
        return "\(header).\(payload)."
    }

    /// The classic algorithm-confusion attack: HS256 "signed" with the public key as the HMAC secret.
    public static func hmacSignedWithPublicKey(_ claims: AccessClaims, key: SigningKey) throws -> String {
        let header = Data(#"{"alg":"HS256","typ":"JWT","kid":"\#(key.kid)"}"#.utf8).base64URLEncoded
        let payload = try JSONEncoder().encode(claims).base64URLEncoded
        let secret = SymmetricKey(data: Data(key.jwk["x"]!.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(header).\(payload)".utf8), using: secret)
        return "\(header).\(payload).\(Data(mac).base64URLEncoded)"
    }

    /// `token` with its payload swapped for `claims`, keeping the original signature.
    public static func tampered(_ token: String, claims: AccessClaims) throws -> String {
        let parts = token.split(separator: ".")
        let payload = try JSONEncoder().encode(claims).base64URLEncoded
        return "\(parts[0]).\(payload).\(parts[2])"
    }
}

extension Data {
    public var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
