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
    /// Tokens refused for good (bad signature, wrong issuer or audience, expired, malformed), so that a client
    /// repeating one, by mistake or to load the server, costs a lookup rather than a signature check each time.
    private let refused = NIOLockedValueBox<[String: (rejection: TokenRejection, at: Double)]>([:])
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

    /// Why `token` was refused in the last `maxAge`, if it was.
    func rejection(for token: String, now: Double) -> TokenRejection? {
        guard capacity > 0, let entry = refused.withLockedValue({ $0[token] }) else { return nil }
        guard now - entry.at < maxAge else {
            refused.withLockedValue { _ = $0.removeValue(forKey: token) }
            return nil
        }
        return entry.rejection
    }

    /// Remembers a refusal that cannot change by waiting: not one about keys (a rotation may bring the key) nor
    /// "not yet valid" (time fixes that).
    func remember(_ token: String, refused rejection: TokenRejection, now: Double) {
        switch rejection {
        case .unknownKey, .keysUnavailable, .notYetValid, .missing, .revoked, .tenantSuspended: return
        case .malformed, .algorithm, .signature, .issuer, .audience, .expired: break
        }
        guard capacity > 0, token.utf8.count <= 8192 else { return }
        refused.withLockedValue { refused in
            if refused.count >= capacity { refused.removeAll(keepingCapacity: true) }
            refused[token] = (rejection, now)
        }
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
