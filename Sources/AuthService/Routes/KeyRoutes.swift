import Hummingbird
import Platform

/// The JSON Web Key Set every service verifies access tokens with.
enum KeyRoutes {
    static func register(on router: ServiceRouter, keys: SigningKeyRing) {
        let doc = OperationDoc(
            summary: "The public keys that verify access tokens (RFC 7517)",
            description: "Ed25519 keys (`OKP`, `EdDSA`). After a rotation the previous key stays listed until the tokens it signed have expired.",
            tags: ["keys"],
            responses: [.init(200, "The key set", schema: .reference("JWKS"))]
        )
        for path in ["/.well-known/jwks.json", "/v1/.well-known/jwks.json"] {
            router.get(path, doc) { _, _ in
                // Short caching: verifiers also refetch at once when they meet an unknown key id.
                try Response.json(try await keys.jwks(), cacheControl: "public, max-age=60")
            }
        }
    }
}
