import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix

/// bcrypt hashing and checking on NIO's thread pool (never on an event loop: one hash takes a quarter of a second
/// at cost 12). A check against an unknown user runs against a throw-away hash of the same cost, so "no such
/// e-mail" takes as long as "wrong password".
///
/// bcrypt reads only the first 72 bytes of its input, so the password is first reduced to its SHA-256 in base64
/// (44 bytes): every character of a long passphrase counts.
struct PasswordHasher: Sendable {
    let cost: UInt8
    private let decoy: String

    init(cost: Int) {
        self.cost = UInt8(cost)
        self.decoy = Bcrypt.hash(Self.prehash("decoy password for unknown accounts"), cost: UInt8(cost))
    }

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(Self.prehash(password), cost: cost) }
    }

    func verify(_ password: String, hash: String?) async throws -> Bool {
        let target = hash ?? decoy
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(Self.prehash(password), hash: target) }
        return hash != nil && matches
    }

    static func prehash(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }
}
