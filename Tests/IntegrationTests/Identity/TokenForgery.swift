@testable import AuthService
import Crypto
import Foundation
import JWTKit
import Platform
import TestSupport

/// Reads a JWT's parts without verifying it.
enum JWTParts {
    static func header(_ token: String) throws -> [String: Any]? { try part(token, 0) }

    /// One string claim of the payload.
    static func claim(_ token: String, _ name: String) -> String? {
        (try? payload(token))??[name] as? String
    }
    static func payload(_ token: String) throws -> [String: Any]? { try part(token, 1) }

    private static func part(_ token: String, _ index: Int) throws -> [String: Any]? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Base64URL.decode(String(parts[index])) else { return nil }
        return try JSONSerialization.jsonObject(with: data) as? [String: Any]
    }
}

/// The auth service's own signing keys, reached the way an operator would (`mpesa keys`), so a test can sign
/// tokens that are cryptographically valid but wrong in their claims.
enum AuthServiceAccess {
    static func rotate(_ cluster: IdentityCluster) async throws -> String {
        try await AuthService.rotateSigningKey(configuration: cluster.settings, database: cluster.store(.auth))
    }

    static func ring(_ cluster: IdentityCluster) throws -> SigningKeyRing {
        SigningKeyRing(
            database: cluster.store(.auth), sealingKey: try AuthService.keyEncryptionKey(cluster.settings), time: .manual(cluster.clock),
            tokenLifetime: cluster.settings.authAccessTokenLifetime
        )
    }

    /// Claims like a real token's for `person`, adjusted by `change`, signed with the real active key.
    static func forge(_ cluster: IdentityCluster, from token: String, _ change: (inout AccessClaims) -> Void) async throws -> String {
        let parts = token.split(separator: ".")
        var claims = try JSONDecoder().decode(AccessClaims.self, from: Base64URL.decode(String(parts[1]))!)
        change(&claims)
        return try await ring(cluster).sign(claims)
    }
}
