import Foundation
import MPesaCore

/// Random identifiers for users, sessions, organisations and keys: a short prefix and lower-case base32, so they
/// are safe in URLs, logs, SQL identifiers (tenants) and file names.
public enum Identifiers {
    static let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789".utf8)

    /// `prefix` + `length` random characters from a 32-letter alphabet (`usr_k3m9…`).
    public static func make(_ prefix: String, length: Int = 20) -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        for _ in 0..<length { bytes.append(alphabet[Int(generator.next() % 32)]) }
        return prefix + String(decoding: bytes, as: UTF8.self)
    }

    /// A new tenant id: `t` and 16 characters, short enough for PostgreSQL schema and database names.
    public static func tenant() -> TenantID {
        // The alphabet and prefix always satisfy TenantID's rule.
        try! TenantID(make("t", length: 16))
    }

    /// A secret of `bytes` random bytes as unpadded base64url (tokens sent by e-mail, API key secrets).
    public static func secret(bytes count: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: count)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: generator.next()) }
        return Base64URL.encode(bytes)
    }
}

/// Unpadded base64url (RFC 4648 §5).
public enum Base64URL {
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ text: String) -> Data? {
        Data(base64URLEncodedString: text)
    }
}
