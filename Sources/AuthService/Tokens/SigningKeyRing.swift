import Crypto
import Foundation
import JWTKit
import Logging
import Platform
import SQLKit

/// The Ed25519 keys that sign access tokens, kept in the auth store with their private halves sealed
/// (AES-GCM) under the key-encryption key, so they survive restarts and replicas share them.
///
/// The newest unretired key signs. Retired keys stay published in the JWKS for as long as tokens they signed can
/// live (access-token lifetime plus clock skew), then drop out. Rotation (`mpesa keys rotate`) adds a key and
/// retires the previous one; replicas reload the ring periodically and whenever they meet an unknown kid.
public actor SigningKeyRing {
    public struct Key: Sendable {
        public let kid: String
        let privateKey: EdDSA.PrivateKey
        public let publicX: String
        public let createdAt: Int64
        public let retiredAt: Int64?
    }

    private let database: any DatabaseProvider
    private let sealingKey: SymmetricKey
    private let time: TimeSource
    private let publishWindow: Int64
    private var keys: [Key] = []
    private var loadedAt: Date?

    init(database: any DatabaseProvider, sealingKey: SymmetricKey, time: TimeSource, tokenLifetime: Duration) {
        self.database = database
        self.sealingKey = sealingKey
        self.time = time
        self.publishWindow = (tokenLifetime.components.seconds + 120) * 1000
    }

    /// The key that signs new tokens, creating the first one if the store has none.
    func activeKey() async throws -> Key {
        try await reloadIfStale()
        if let key = keys.last(where: { $0.retiredAt == nil }) { return key }
        try await rotate()
        guard let key = keys.last(where: { $0.retiredAt == nil }) else { throw StorageError.unavailable("no signing key") }
        return key
    }

    /// The keys to publish: the active one and those retired recently enough that their tokens may still be live.
    func publishedKeys() async throws -> [Key] {
        _ = try await activeKey()
        let horizon = time.milliseconds - publishWindow
        return keys.filter { ($0.retiredAt ?? Int64.max) > horizon }
    }

    /// Adds a new signing key and retires the current one, in one transaction.
    @discardableResult
    func rotate() async throws -> Key {
        let privateKey = try EdDSA.PrivateKey(curve: .ed25519)
        let raw = privateKey.rawRepresentation
        let sealed = try AES.GCM.seal(raw, using: sealingKey).combined!.base64EncodedString()
        let publicX = Base64URL.encode(privateKey.publicKey.rawRepresentation)
        let kid = Identifiers.make("k", length: 12)
        let now = time.milliseconds
        try await database.withTransaction { db in
            try await db.raw("UPDATE signing_keys SET retired_at = \(bind: now) WHERE retired_at IS NULL").run()
            try await db.raw(
                "INSERT INTO signing_keys (kid, sealed_private_key, public_x, created_at) VALUES (\(bind: kid), \(bind: sealed), \(bind: publicX), \(bind: now))"
            ).run()
        }
        try await reload()
        return keys.first { $0.kid == kid }!
    }

    private func reloadIfStale() async throws {
        if let loadedAt, time.now.timeIntervalSince(loadedAt) < 30, !keys.isEmpty { return }
        try await reload()
    }

    private struct Row: Decodable {
        let kid: String
        let sealed_private_key: String
        let public_x: String
        let created_at: Int64
        let retired_at: Int64?
    }

    private func reload() async throws {
        let rows = try await database.withTransaction { db in
            try await db.raw("SELECT kid, sealed_private_key, public_x, created_at, retired_at FROM signing_keys ORDER BY created_at, kid").all(decoding: Row.self)
        }
        var loaded: [Key] = []
        for row in rows {
            guard let combined = Data(base64Encoded: row.sealed_private_key) else { continue }
            let raw = try AES.GCM.open(AES.GCM.SealedBox(combined: combined), using: sealingKey)
            let privateKey = try EdDSA.PrivateKey(backing: Curve25519.Signing.PrivateKey(rawRepresentation: raw))
            loaded.append(Key(kid: row.kid, privateKey: privateKey, publicX: row.public_x, createdAt: row.created_at, retiredAt: row.retired_at))
        }
        keys = loaded
        loadedAt = time.now
    }

    /// The JWKS document (RFC 7517).
    func jwks() async throws -> JSONValue {
        let published = try await publishedKeys()
        return .object([
            ("keys", .array(published.map { key in
                .object([
                    ("kty", "OKP"), ("crv", "Ed25519"), ("use", "sig"), ("alg", "EdDSA"), ("kid", .string(key.kid)), ("x", .string(key.publicX)),
                ])
            }))
        ])
    }

    /// Signs `claims` with the active key.
    func sign(_ claims: AccessClaims) async throws -> String {
        let key = try await activeKey()
        let collection = JWTKeyCollection()
        await collection.add(eddsa: key.privateKey, kid: JWKIdentifier(string: key.kid))
        var header = JWTHeader()
        header.typ = "at+jwt"
        return try await collection.sign(claims, kid: JWKIdentifier(string: key.kid), header: header)
    }
}
