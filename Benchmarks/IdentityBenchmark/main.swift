// Token verification throughput with a cached JWKS, as every service does it on every request: EdDSA signature,
// iss/aud/exp/nbf checks and the claims turned into a Caller. Single-threaded, so the figure is per core.
//
// Usage: IdentityBenchmark <output directory> [seconds]
// Writes jwks.json and tokens.txt there (for the Python reference) and prints `verified N tokens in S s`.
import Crypto
import Foundation
import JWTKit
import Platform

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: IdentityBenchmark <output directory> [seconds]\n".utf8))
    exit(2)
}
let directory = URL(fileURLWithPath: arguments[1])
let seconds = arguments.count > 2 ? Double(arguments[2]) ?? 3 : 3

let privateKey = try EdDSA.PrivateKey(curve: .ed25519)
let kid = "bench-key"
let x = Base64URL.encode(privateKey.publicKey.rawRepresentation)
let jwks = #"{"keys":[{"kty":"OKP","crv":"Ed25519","use":"sig","alg":"EdDSA","kid":"\#(kid)","x":"\#(x)"}]}"#
let signer = JWTKeyCollection()
await signer.add(eddsa: privateKey, kid: JWKIdentifier(string: kid))

// 1,000 distinct tokens like the auth service's, for many users and organisations.
let now = Int64(Date().timeIntervalSince1970)
var tokens: [String] = []
for index in 0..<1_000 {
    let claims = AccessClaims(
        iss: "mpesa-auth", aud: "mpesa-api", sub: "usr_bench\(index)", tid: "tbench\(index % 50)", role: "analyst",
        scope: Scope.granted(to: .analyst).joined(separator: " "), jti: UUID().uuidString, iat: now, nbf: now, exp: now + 900, sid: "ses_bench\(index)"
    )
    var header = JWTHeader()
    header.typ = "at+jwt"
    tokens.append(try await signer.sign(claims, kid: JWKIdentifier(string: kid), header: header))
}
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
try Data(jwks.utf8).write(to: directory.appendingPathComponent("jwks.json"))
try Data(tokens.joined(separator: "\n").utf8).write(to: directory.appendingPathComponent("tokens.txt"))

let cache = JWKSCache(fetch: { jwks }, time: .system)

/// Verifies the 1,000 tokens over and over for `seconds`; returns how many per second.
func measure(_ verifier: TokenVerifier, tokens: [String], seconds: Double) async throws -> (count: Int, seconds: Double) {
    // Warm the JWKS cache and the code paths.
    for token in tokens { _ = try await verifier.verify(token) }
    var verified = 0
    let started = ContinuousClock.now
    let deadline = started + .milliseconds(Int64(seconds * 1000))
    while ContinuousClock.now < deadline {
        for token in tokens {
            let caller = try await verifier.verify(token)
            precondition(caller.role == .analyst)
        }
        verified += tokens.count
    }
    let elapsed = ContinuousClock.now - started
    return (verified, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}

// Every signature checked, as for a token seen for the first time (the reference does the same work).
let cold = try await measure(TokenVerifier(keys: cache, issuer: "mpesa-auth", audience: "mpesa-api", time: .system, cacheCapacity: 0), tokens: tokens, seconds: seconds)
print(String(format: "verified %d tokens in %.3f s", cold.count, cold.seconds))
// As in service: each client presents its token on every request for its 15 minutes; the signature is checked
// once per token and minute, the times on every request.
let warm = try await measure(TokenVerifier(keys: cache, issuer: "mpesa-auth", audience: "mpesa-api", time: .system), tokens: tokens, seconds: seconds)
print(String(format: "remembered %d tokens in %.3f s", warm.count, warm.seconds))
