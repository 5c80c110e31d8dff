import Crypto
import Foundation

/// SHA-256 in hex: how refresh tokens, one-time tokens, recovery codes and API keys are stored, so a copy of
/// the database yields nothing usable.
enum Digest {
    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
