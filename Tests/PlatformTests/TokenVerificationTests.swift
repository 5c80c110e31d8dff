import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import Platform
import Testing
import TestSupport

/// A key server the tests control: which keys it publishes, whether it is up, and how often it was asked.
final class KeyServer: Sendable {
    private let state = NIOLockedValueBox<(keys: [SigningKey], up: Bool, fetches: Int)>(([], true, 0))

    init(_ keys: [SigningKey]) { state.withLockedValue { $0.keys = keys } }

    func publish(_ keys: [SigningKey]) { state.withLockedValue { $0.keys = keys } }
    func setUp(_ up: Bool) { state.withLockedValue { $0.up = up } }
    var fetches: Int { state.withLockedValue { $0.fetches } }

    func fetch() async throws -> String {
        let (keys, up) = state.withLockedValue { state in
            state.fetches += 1
            return (state.keys, state.up)
        }
        guard up else { throw UpstreamError.unreachable(url: "http://auth/.well-known/jwks.json", reason: "connection refused") }
        // A real fetch takes a moment, which is when concurrent callers pile up behind it.
        await Task.yield()
        return TokenFactory.jwks(keys)
    }
}

func verifier(_ server: KeyServer, clock: ManualClock) -> TokenVerifier {
    let cache = JWKSCache(fetch: { try await server.fetch() }, time: .manual(clock), freshFor: 300, unknownKeyCooldown: 30, failureBackoff: 5)
    return TokenVerifier(keys: cache, issuer: TokenFactory.issuer, audience: TokenFactory.audience, time: .manual(clock))
}

@Suite("Access tokens and the JWKS cache")
struct TokenVerificationTests {
    @Test("a valid token yields the caller with its tenant, role and scopes")
    func validToken() async throws {
        let clock = ManualClock()
        let key = try SigningKey()
        let check = verifier(KeyServer([key]), clock: clock)
        let token = try await TokenFactory.sign(TokenFactory.claims(now: clock.now, tenant: "acme", role: "analyst"), with: key)
        let caller = try await check.verify(token)
        #expect(caller.userID == "usr_alice")
        #expect(caller.tenantID?.rawValue == "acme")
        #expect(caller.role == .analyst)
        #expect(caller.scopes == ["statements:read", "statements:write"])
    }

    @Test("tokens that must be refused are refused with the right reason")
    func refusals() async throws {
        let clock = ManualClock()
        let key = try SigningKey()
        let other = try SigningKey()
        let check = verifier(KeyServer([key]), clock: clock)
        let now = clock.now
        let valid = try await TokenFactory.sign(TokenFactory.claims(now: now), with: key)
        let cases: [(String, String, TokenRejection)] = [
            ("expired", try await TokenFactory.sign(TokenFactory.claims(now: now.addingTimeInterval(-3600)), with: key), .expired),
            ("not yet valid", try await TokenFactory.sign(TokenFactory.claims(now: now.addingTimeInterval(600)), with: key), .notYetValid),
            ("wrong audience", try await TokenFactory.sign(TokenFactory.claims(now: now, audience: "other-api"), with: key), .audience),
            ("wrong issuer", try await TokenFactory.sign(TokenFactory.claims(now: now, issuer: "evil"), with: key), .issuer),
            ("alg none", try TokenFactory.unsigned(TokenFactory.claims(now: now)), .algorithm("none")),
            ("HS256 signed with the public key", try TokenFactory.hmacSignedWithPublicKey(TokenFactory.claims(now: now), key: key), .algorithm("HS256")),
            ("tampered payload", try TokenFactory.tampered(valid, claims: TokenFactory.claims(now: now, tenant: "globex")), .signature),
            ("unknown kid", try await TokenFactory.sign(TokenFactory.claims(now: now), with: other), .unknownKey(other.kid)),
            ("garbage", "not-a-token", .malformed),
            ("opaque refresh token", "rt_3kq9v0c2m1x8z7y6w5v4u3t2s1r0q9p8", .malformed),
            ("invalid tenant id", try await TokenFactory.sign(TokenFactory.claims(now: now, tenant: "Robert'); DROP"), with: key), .malformed),
            ("unknown role", try await TokenFactory.sign(TokenFactory.claims(now: now, role: "god"), with: key), .malformed),
        ]
        for (name, token, expected) in cases {
            await #expect(throws: expected, "\(name)") { try await check.verify(token) }
        }
    }

    @Test("60 seconds of clock skew is tolerated, and no more")
    func clockSkew() async throws {
        let clock = ManualClock()
        let key = try SigningKey()
        let check = verifier(KeyServer([key]), clock: clock)
        let token = try await TokenFactory.sign(TokenFactory.claims(now: clock.now, lifetime: 900), with: key)
        clock.advance(by: 900 + 50)
        _ = try await check.verify(token)
        clock.advance(by: 20)
        await #expect(throws: TokenRejection.expired) { try await check.verify(token) }
    }

    @Test("a token verified before is remembered only within its own validity, and only byte for byte")
    func rememberedTokens() async throws {
        let clock = ManualClock()
        let key = try SigningKey()
        let check = verifier(KeyServer([key]), clock: clock)
        let token = try await TokenFactory.sign(TokenFactory.claims(now: clock.now, tenant: "acme", lifetime: 900), with: key)
        for _ in 0..<3 { #expect(try await check.verify(token).tenantID?.rawValue == "acme") }
        // Another token with the same signature but different claims is verified, not looked up.
        let forged = try TokenFactory.tampered(token, claims: TokenFactory.claims(now: clock.now, tenant: "globex"))
        await #expect(throws: TokenRejection.signature) { try await check.verify(forged) }
        // So is the same token with one character of its signature changed (not the last, whose low bits are padding).
        var characters = Array(token)
        let middle = characters.count - 20
        characters[middle] = characters[middle] == "A" ? "B" : "A"
        await #expect(throws: TokenRejection.signature) { try await check.verify(String(characters)) }
        // Remembering does not stretch the token's life.
        clock.advance(by: 900 + 61)
        await #expect(throws: TokenRejection.expired) { try await check.verify(token) }
    }

    @Test("a refused token is remembered for a minute, so repeating it costs no signature check; key problems are not remembered")
    func refusedTokens() async throws {
        let clock = ManualClock()
        let key = try SigningKey()
        let check = verifier(KeyServer([key]), clock: clock)
        let token = try await TokenFactory.sign(TokenFactory.claims(now: clock.now, tenant: "acme"), with: key)
        let forged = try TokenFactory.tampered(token, claims: TokenFactory.claims(now: clock.now, tenant: "globex"))
        #expect(check.recentVerdict(forged) == nil, "never seen: must be verified")
        await #expect(throws: TokenRejection.signature) { try await check.verify(forged) }
        #expect(check.recentVerdict(forged) == .failure(.signature))
        #expect(check.recentVerdict(token) == nil)
        _ = try await check.verify(token)
        #expect(check.recentVerdict(token).map { (try? $0.get())?.tenantID?.rawValue } == "acme")
        // An expired token is refused from memory too, and the memory ends after a minute.
        clock.advance(by: 900 + 61)
        await #expect(throws: TokenRejection.expired) { try await check.verify(token) }
        #expect(check.recentVerdict(token) == .failure(.expired))
        clock.advance(by: 61)
        #expect(check.recentVerdict(token) == nil)
        // A token from a key the server does not (yet) publish is not remembered: a rotation may bring the key.
        let rotated = try SigningKey()
        let early = try await TokenFactory.sign(TokenFactory.claims(now: clock.now, tenant: "acme"), with: rotated)
        await #expect(throws: TokenRejection.unknownKey(rotated.kid)) { try await check.verify(early) }
        #expect(check.recentVerdict(early) == nil)
    }

    @Test("keys are fetched once and served from memory while fresh")
    func caching() async throws {
        let clock = ManualClock()
        let key = try SigningKey()
        let server = KeyServer([key])
        let check = verifier(server, clock: clock)
        let token = try await TokenFactory.sign(TokenFactory.claims(now: clock.now), with: key)
        for _ in 0..<20 { _ = try await check.verify(token) }
        #expect(server.fetches == 1)
    }

    @Test("concurrent first requests share one fetch")
    func singleFlight() async throws {
        let clock = ManualClock()
        let key = try SigningKey()
        let server = KeyServer([key])
        let check = verifier(server, clock: clock)
        let token = try await TokenFactory.sign(TokenFactory.claims(now: clock.now), with: key)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<50 { group.addTask { _ = try await check.verify(token) } }
            try await group.waitForAll()
        }
        #expect(server.fetches == 1)
    }

    @Test("after rotation a token with the new kid triggers a refetch, and old tokens keep working while their key is published")
    func rotation() async throws {
        let clock = ManualClock()
        let old = try SigningKey()
        let new = try SigningKey()
        let server = KeyServer([old])
        let check = verifier(server, clock: clock)
        let oldToken = try await TokenFactory.sign(TokenFactory.claims(now: clock.now), with: old)
        _ = try await check.verify(oldToken)
        server.publish([new, old])
        let newToken = try await TokenFactory.sign(TokenFactory.claims(now: clock.now), with: new)
        _ = try await check.verify(newToken)
        _ = try await check.verify(oldToken)
        #expect(server.fetches == 2)
    }

    @Test("random kids cannot cause more than one fetch per cooldown")
    func unknownKidCooldown() async throws {
        let clock = ManualClock()
        let key = try SigningKey()
        let server = KeyServer([key])
        let check = verifier(server, clock: clock)
        _ = try await check.verify(try await TokenFactory.sign(TokenFactory.claims(now: clock.now), with: key))
        for _ in 0..<20 {
            let attacker = try SigningKey()
            let forged = try await TokenFactory.sign(TokenFactory.claims(now: clock.now), with: attacker)
            await #expect(throws: TokenRejection.unknownKey(attacker.kid)) { try await check.verify(forged) }
        }
        #expect(server.fetches == 2)
        clock.advance(by: 31)
        let attacker = try SigningKey()
        _ = try? await check.verify(try await TokenFactory.sign(TokenFactory.claims(now: clock.now), with: attacker))
        #expect(server.fetches == 3)
    }

    @Test("when the key server is down, cached keys keep working and stale keys are still served")
    func fetchFailureKeepsKeys() async throws {
        let clock = ManualClock()
        let key = try SigningKey()
        let server = KeyServer([key])
        let check = verifier(server, clock: clock)
        _ = try await check.verify(try await TokenFactory.sign(TokenFactory.claims(now: clock.now), with: key))
        server.setUp(false)
        clock.advance(by: 3600)  // long past fresh: a background refresh is attempted and fails
        let token = try await TokenFactory.sign(TokenFactory.claims(now: clock.now), with: key)
        _ = try await check.verify(token)
        try await eventually("the background refresh was attempted") { server.fetches >= 2 }
        _ = try await check.verify(token)
        #expect(await check.keys.cachedKeyIDs == [key.kid])
    }

    @Test("with no keys cached and the key server down, verification answers 503, not 401")
    func noKeysAtAll() async throws {
        let clock = ManualClock()
        let key = try SigningKey()
        let server = KeyServer([key])
        server.setUp(false)
        let check = verifier(server, clock: clock)
        let token = try await TokenFactory.sign(TokenFactory.claims(now: clock.now), with: key)
        do {
            _ = try await check.verify(token)
            Issue.record("verification succeeded without keys")
        } catch {
            guard case .keysUnavailable = error else {
                Issue.record("expected keysUnavailable, got \(error)")
                return
            }
            #expect(error.problem.status == 503)
        }
        // Within the failure backoff, callers fail fast without hammering the key server.
        for _ in 0..<10 { _ = try? await check.verify(token) }
        #expect(server.fetches == 1)
        server.setUp(true)
        clock.advance(by: 6)
        _ = try await check.verify(token)
    }

    @Test("the cache fetches a real JWKS over HTTP from a URL")
    func realHTTPFetch() async throws {
        let key = try SigningKey()
        let document = TokenFactory.jwks([key])
        let router = Router()
        router.get("/.well-known/jwks.json") { _, _ in document }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let url = "http://127.0.0.1:\(client.port!)/.well-known/jwks.json"
            let cache = JWKSCache(url: url, client: TestEnvironment.httpClient)
            let check = TokenVerifier(keys: cache, issuer: TokenFactory.issuer, audience: TokenFactory.audience)
            let caller = try await check.verify(try await TokenFactory.sign(TokenFactory.claims(), with: key))
            #expect(caller.tenantID?.rawValue == "acme")
        }
    }
}
