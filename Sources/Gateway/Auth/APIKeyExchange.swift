import AsyncHTTPClient
import Crypto
import Foundation
import NIOConcurrencyHelpers
import NIOHTTP1
import Platform

/// Lets machine clients call the API with their key directly (`Authorization: Bearer mpk_…`): the gateway exchanges
/// the key for an access token at the auth service (`POST /v1/token`) and forwards the token instead, so every
/// service sees an ordinary verified token and the key itself never travels further.
///
/// Tokens are cached by the key's SHA-256 until a minute before they expire. A revoked key's token carries the key
/// id as its session, so the revocation feed drops the cached token and the next request is refused by auth.
final class APIKeyExchange: Sendable {
    private struct Cached {
        var token: String
        var sessionID: String?
        var expiresAt: Date
    }

    private struct TokenAnswer: Decodable {
        var accessToken: String
        var expiresIn: Int
    }

    private struct TokenRequest: Encodable {
        var grantType = "client_credentials"
        var clientSecret: String
    }

    private let client: ServiceHTTPClient
    private let tokenURL: String
    private let revocations: AccessRevocations?
    private let time: TimeSource
    private let cache = NIOLockedValueBox<[String: Cached]>([:])
    static let maxEntries = 10_000

    init(client: ServiceHTTPClient, authURL: String, revocations: AccessRevocations?, time: TimeSource) {
        self.client = client
        self.tokenURL = authURL + "/v1/token"
        self.revocations = revocations
        self.time = time
    }

    static func isAPIKey(_ bearer: String) -> Bool { bearer.hasPrefix("mpk_") }

    /// The cached access token for `key`, without suspending; nil when it must be fetched with ``token(for:)``.
    func cachedToken(for key: String) -> String? {
        cachedToken(digest: Self.digest(key))
    }

    private func cachedToken(digest: String) -> String? {
        guard let cached = cache.withLockedValue({ $0[digest] }), cached.expiresAt > time.now,
            !(cached.sessionID.map { revocations?.isRevoked(session: $0) ?? false } ?? false)
        else { return nil }
        return cached.token
    }

    static func digest(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The access token for `key`, from the cache or the auth service; the auth service's refusal is passed on.
    func token(for key: String) async throws -> String {
        let digest = Self.digest(key)
        let now = time.now
        if let token = cachedToken(digest: digest) { return token }
        let answer: TokenAnswer
        do {
            answer = try await client.json(.POST, url: tokenURL, body: TokenRequest(clientSecret: key), timeout: .seconds(5), as: TokenAnswer.self)
        } catch {
            guard case .status(let status, _, let problem) = error, (400..<500).contains(status) else { throw error }
            cache.withLockedValue { _ = $0.removeValue(forKey: digest) }
            throw problem ?? Problem.unauthorized("The API key is not valid", reason: "api_key_invalid")
        }
        let sessionID = Self.sessionID(of: answer.accessToken)
        cache.withLockedValue { entries in
            if entries.count >= Self.maxEntries { entries.removeAll(keepingCapacity: true) }
            entries[digest] = Cached(token: answer.accessToken, sessionID: sessionID, expiresAt: now.addingTimeInterval(TimeInterval(max(0, answer.expiresIn - 60))))
        }
        return answer.accessToken
    }

    /// The `sid` claim, read without verification (only to match revocations; services verify the token).
    static func sessionID(of token: String) -> String? {
        let parts = token.split(separator: ".")
        guard parts.count == 3, let payload = Base64URL.decode(String(parts[1])),
            let object = try? JSONSerialization.jsonObject(with: payload) as? [String: Any]
        else { return nil }
        return object["sid"] as? String
    }
}
