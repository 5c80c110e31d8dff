import Crypto
import Foundation
import Platform
import Testing
import TestSupport

/// Every way of presenting a bad token is refused with 401, by the auth and the tenant service, through the gateway.
@Suite("Token attacks", .serialized)
struct TokenAttackTests {
    @Test("expired, not yet valid, wrong aud or iss, alg none, HS256 with the public key, tampered, unknown kid, refresh token, revoked session: all 401")
    func attacks() async throws {
        try await IdentityCluster.run(.sqlite) { cluster in
            var eve = try await cluster.register("Eve Mutua")
            let organization = try await cluster.createOrganization("Eve Traders", owner: &eve)
            let valid = eve.access
            let targets = ["/auth/me", "/tenant/organizations/\(organization)/members"]
            for target in targets { #expect(try await cluster.call(.GET, target, token: valid).status == 200, "control: \(target)") }

            let now = Int64(cluster.clock.now.timeIntervalSince1970)
            let parts = valid.split(separator: ".").map(String.init)
            let jwks = try await cluster.raw(.GET, cluster.api("/.well-known/jwks.json"))
            let publicX = try #require(jwks["keys"]?.arrayValue?.first?["x"]?.stringValue)

            var attacks: [(String, String)] = []
            attacks.append(("expired", try await AuthServiceAccess.forge(cluster, from: valid) { $0.iat = now - 3600; $0.nbf = now - 3600; $0.exp = now - 120 }))
            attacks.append(("not yet valid", try await AuthServiceAccess.forge(cluster, from: valid) { $0.nbf = now + 600; $0.exp = now + 1500 }))
            attacks.append(("wrong audience", try await AuthServiceAccess.forge(cluster, from: valid) { $0.aud = AudienceValue(["someone-else"]) }))
            attacks.append(("wrong issuer", try await AuthServiceAccess.forge(cluster, from: valid) { $0.iss = "https://evil.example" }))
            attacks.append(("alg none", Self.encode(["alg": "none", "typ": "JWT"]) + "." + parts[1] + "."))
            let hsHeader = Self.encode(["alg": "HS256", "typ": "JWT", "kid": (try JWTParts.header(valid)?["kid"] as? String) ?? ""])
            let hsSignature = HMAC<SHA256>.authenticationCode(for: Data((hsHeader + "." + parts[1]).utf8), using: SymmetricKey(data: Base64URL.decode(publicX)!))
            attacks.append(("HS256 signed with the public key", hsHeader + "." + parts[1] + "." + Base64URL.encode(Data(hsSignature))))
            var payload = try #require(try JWTParts.payload(valid))
            payload["role"] = "owner"
            payload["adm"] = true
            attacks.append(("tampered payload", parts[0] + "." + Self.encode(payload) + "." + parts[2]))
            let stranger = try SigningKey(kid: "attacker-key")
            var claims = try JSONDecoder().decode(AccessClaims.self, from: Base64URL.decode(parts[1])!)
            claims.adm = true
            attacks.append(("unknown kid", try await TokenFactory.sign(claims, with: stranger)))
            attacks.append(("refresh token as access token", eve.refresh))
            attacks.append(("garbage", "not.a.token"))
            attacks.append(("empty signature", parts[0] + "." + parts[1] + "."))

            for (name, token) in attacks {
                for target in targets {
                    let reply = try await cluster.call(.GET, target, token: token)
                    #expect(reply.status == 401, "\(name) at \(target): \(reply.status) \(reply.body.prefix(200))")
                    #expect(reply.headers["content-type"] == "application/problem+json", "\(name)")
                    #expect(reply.headers["www-authenticate"]?.hasPrefix("Bearer") == true, "\(name)")
                }
            }

            // A revoked session: its still-unexpired access token stops working in every service.
            #expect(try await cluster.call(.POST, "/auth/logout", token: valid).status == 204)
            for target in targets {
                try await eventually("\(target) to refuse the revoked session") {
                    try await cluster.call(.GET, target, token: valid).status == 401
                }
            }
            // And after 16 minutes a token is simply expired.
            let fresh = try await cluster.call(.POST, "/auth/login", ["email": .string(eve.email), "password": .string(eve.password)])
            let token = try #require(fresh["access_token"]?.stringValue)
            cluster.clock.advance(by: 16 * 60)
            for target in targets { #expect(try await cluster.call(.GET, target, token: token).status == 401) }
        }
    }

    static func encode(_ object: [String: Any]) -> String {
        Base64URL.encode(try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }
}
