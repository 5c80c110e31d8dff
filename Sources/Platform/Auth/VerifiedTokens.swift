import Foundation
import NIOConcurrencyHelpers

/// Tokens whose signature this process has already checked, so a client presenting the same access token on every
/// request (the normal case: a token lives 15 minutes) costs a lookup instead of an Ed25519 verification.
///
/// The key is the whole token, so a token that differs in any byte is verified afresh. An entry is served only while
/// the token's own times allow it (checked again on every hit) and for at most `maxAge`, after which the signature is
/// checked against the current keys again, so a key withdrawn from the JWKS stops its tokens within that time.
/// Revoked sessions and suspended organisations are not this cache's business: ``Authenticator`` checks them on
/// every request, after verification.
final class VerifiedTokens: Sendable {
    struct Entry: Sendable {
        let caller: Caller
        let notBefore: Double
        let expires: Double
        let verifiedAt: Double
    }

    private let entries = NIOLockedValueBox<[String: Entry]>([:])
    let capacity: Int
    let maxAge: TimeInterval

    init(capacity: Int, maxAge: TimeInterval = 60) {
        self.capacity = capacity
        self.maxAge = maxAge
    }

    /// The caller of a token verified before, if it is still valid at `now` (seconds since 1970, leeway applied).
    func caller(for token: String, now: Double, leeway: Double) -> Caller? {
        guard capacity > 0, let entry = entries.withLockedValue({ $0[token] }) else { return nil }
        guard entry.expires + leeway > now, entry.notBefore - leeway <= now, now - entry.verifiedAt < maxAge else {
            entries.withLockedValue { _ = $0.removeValue(forKey: token) }
            return nil
        }
        return entry.caller
    }

    func remember(_ token: String, _ entry: Entry) {
        guard capacity > 0 else { return }
        entries.withLockedValue { entries in
            // Full: start again rather than track recency; the working set refills at one verification per token.
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[token] = entry
        }
    }
}
