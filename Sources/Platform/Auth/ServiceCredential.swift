import Crypto
import Foundation

/// How services prove to each other that a call comes from the platform and not from the internet.
///
/// Internal routes (`/internal/v1/…`) are not reachable through the gateway, and each call carries
/// `X-Service-Token: <service>.<unix time>.<HMAC-SHA256 of service, time, method and path>` under a key shared by
/// the platform's processes. A token is valid for 60 seconds and only for the request it was made for, so a leaked
/// header cannot be replayed against another route. (Zero trust: no service relies on the gateway's headers.)
public struct ServiceCredential: Sendable {
    public static let header = "X-Service-Token"
    let key: SymmetricKey
    public let service: ServiceName
    let time: TimeSource

    public init(key: SymmetricKey, service: ServiceName, time: TimeSource = .system) {
        self.key = key
        self.service = service
        self.time = time
    }

    /// The credential of another service sharing the same key.
    public func acting(as service: ServiceName) -> ServiceCredential {
        ServiceCredential(key: key, service: service, time: time)
    }

    /// The header value for a call.
    public func token(method: String, path: String) -> String {
        let timestamp = Int64(time.now.timeIntervalSince1970)
        return "\(service.rawValue).\(timestamp).\(signature(service: service.rawValue, timestamp: timestamp, method: method, path: path))"
    }

    /// The calling service, if `header` is a fresh, valid token for this request.
    public func verify(_ header: String?, method: String, path: String) -> ServiceName? {
        guard let header else { return nil }
        let parts = header.split(separator: ".", maxSplits: 2)
        guard parts.count == 3, let caller = ServiceName(rawValue: String(parts[0])), let timestamp = Int64(parts[1]) else { return nil }
        guard abs(Int64(time.now.timeIntervalSince1970) - timestamp) <= 60 else { return nil }
        let expected = signature(service: caller.rawValue, timestamp: timestamp, method: method, path: path)
        // Constant-time comparison of the MACs.
        guard expected.utf8.count == parts[2].utf8.count else { return nil }
        var difference: UInt8 = 0
        for (a, b) in zip(expected.utf8, parts[2].utf8) { difference |= a ^ b }
        return difference == 0 ? caller : nil
    }

    private func signature(service: String, timestamp: Int64, method: String, path: String) -> String {
        let message = "\(service)\n\(timestamp)\n\(method.uppercased())\n\(path)"
        return Data(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: key)).map { String(format: "%02x", $0) }.joined()
    }

    /// The platform's shared key: `internal.serviceKey` (base64, 32 bytes) when set, otherwise a key generated once
    /// into `<data dir>/internal.key` (0600), which every process sharing the data directory reads.
    public static func sharedKey(settings: PlatformSettings) throws -> SymmetricKey {
        try SecretKeyFile.load(configured: settings.internalServiceKey, settingKey: .internalServiceKey, file: settings.dataDirectory + "/internal.key")
    }
}

/// A 32-byte secret from configuration, or generated once into a file readable only by this user.
public enum SecretKeyFile {
    public static func load(configured: String?, settingKey: SettingKey, file: String) throws -> SymmetricKey {
        if let configured, !configured.isEmpty {
            guard let data = Data(base64Encoded: configured), data.count == 32 else {
                throw ConfigurationError(key: settingKey.environmentVariable, problem: "must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)")
            }
            return SymmetricKey(data: data)
        }
        let manager = FileManager.default
        if let existing = manager.contents(atPath: file), existing.count == 32 { return SymmetricKey(data: existing) }
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent().path
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ConfigurationError(key: settingKey.environmentVariable, problem: "cannot create \(directory) to keep a generated key: \(error.localizedDescription)")
        }
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Data($0) }
        // Created exclusively, so two processes starting together cannot both write different keys.
        let temporary = file + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
        guard manager.createFile(atPath: temporary, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
            throw ConfigurationError(key: settingKey.environmentVariable, problem: "cannot write a generated key to \(file)")
        }
        if link(temporary, file) != 0 {
            try? manager.removeItem(atPath: temporary)
            guard let winner = manager.contents(atPath: file), winner.count == 32 else {
                throw ConfigurationError(key: settingKey.environmentVariable, problem: "cannot read the key at \(file)")
            }
            return SymmetricKey(data: winner)
        }
        try? manager.removeItem(atPath: temporary)
        return key
    }
}
