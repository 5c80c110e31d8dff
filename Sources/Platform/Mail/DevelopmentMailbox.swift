import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The mailer for development and tests: each message becomes an `.eml` file (its exact RFC 5322 text) in one
/// directory, so a developer, `mpesa mail` or a test can open the verification link without an SMTP server.
///
/// Files are named `20261129T101500Z-<id>.eml` (the message date, UTC) so they sort by time, are created with
/// mode 0600 inside a 0700 directory (they hold password-reset links), and appear whole or not at all.
public struct DevelopmentMailbox: Mailer {
    public let directory: URL

    /// Nothing touches the disk until the first message; e.g. `<data dir>/mail`.
    public init(directory: URL) {
        self.directory = directory
    }

    public func send(_ message: MailMessage) async throws(MailError) {
        try store(message)
    }

    /// Stores `message` and returns where it went.
    @discardableResult
    public func store(_ message: MailMessage) throws(MailError) -> StoredMail {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .storageFailed(path: directory.path, reason: "cannot create the directory: \(error.localizedDescription)")
        }
        let bytes = Array(message.rfc5322().utf8)
        let base = RFC5322DateFormat.compactStamp(message.date) + "-" + Self.token(for: message.messageID)
        // Written under a hidden name, then linked into place: readers never see half a file, and link(2) fails
        // rather than overwrite when the same message is stored twice.
        let temporary = directory.appendingPathComponent(".\(base).\(UInt32.random(in: 0...UInt32.max)).tmp").path
        try Self.createPrivateFile(at: temporary, contents: bytes)
        defer { unlink(temporary) }
        for attempt in 1...1_000 {
            let id = attempt == 1 ? base : "\(base)-\(attempt)"
            let file = directory.appendingPathComponent(id + ".eml")
            if link(temporary, file.path) == 0 {
                return StoredMail(id: id, file: file, date: message.date, from: message.from, to: message.to, subject: message.subject)
            }
            guard errno == EEXIST else {
                throw .storageFailed(path: file.path, reason: "cannot store the message: \(String(cString: strerror(errno)))")
            }
        }
        throw .storageFailed(path: directory.path, reason: "a thousand messages with the id \(base) already exist; empty the mailbox")
    }

    /// Every stored message, newest first (by message date, then by when it was written).
    public func list() throws(MailError) -> [StoredMail] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch CocoaError.fileReadNoSuchFile {
            return []
        } catch {
            if !FileManager.default.fileExists(atPath: directory.path) { return [] }
            throw .storageFailed(path: directory.path, reason: "cannot list the directory: \(error.localizedDescription)")
        }
        var entries: [(mail: StoredMail, written: Date)] = []
        for name in names where name.hasSuffix(".eml") && !name.hasPrefix(".") {
            let id = String(name.dropLast(4))
            let file = directory.appendingPathComponent(name)
            let message = try read(file: file)
            let written = (try? FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date) ?? .distantPast
            let mail = StoredMail(id: id, file: file, date: message.date, from: message.from, to: message.to, subject: message.subject)
            entries.append((mail, written))
        }
        return entries.sorted { lhs, rhs in
            if lhs.mail.date != rhs.mail.date { return lhs.mail.date > rhs.mail.date }
            if lhs.written != rhs.written { return lhs.written > rhs.written }
            return lhs.mail.id > rhs.mail.id
        }.map(\.mail)
    }

    /// The newest message with `address` among its recipients (compared case-insensitively), if any.
    public func latest(to address: String) throws(MailError) -> StoredMail? {
        try list().first { mail in mail.to.contains { $0.address.caseInsensitiveCompare(address) == .orderedSame } }
    }

    /// The stored message `id` (from `list()` or `latest(to:)`), parsed back into headers and bodies.
    public func read(id: String) throws(MailError) -> MailMessage {
        guard !id.isEmpty, !id.hasPrefix("."), id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw .storageFailed(path: directory.path, reason: "\(id.debugDescription) is not a message id; take one from `list()`")
        }
        return try read(file: directory.appendingPathComponent(id + ".eml"))
    }

    private func read(file: URL) throws(MailError) -> MailMessage {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw .storageFailed(path: file.path, reason: "cannot read the message: \(error.localizedDescription)")
        }
        do {
            return try MailMessageParser.parse(String(decoding: data, as: UTF8.self))
        } catch {
            throw .storageFailed(path: file.path, reason: "the file is not a message this mailbox can read (\(error)); remove it")
        }
    }

    /// A file-name-safe token from the Message-ID's left part (`<3f2a…@example.com>` → `3f2a…`).
    static func token(for messageID: String) -> String {
        let left = messageID.dropFirst().prefix { $0 != "@" && $0 != ">" }
        let safe = String(left.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }.prefix(64))
        return safe.isEmpty ? "message" : safe
    }

    /// Creates `path` exclusively with mode 0600 (whatever the umask: it can only remove bits) and writes `contents`.
    private static func createPrivateFile(at path: String, contents: [UInt8]) throws(MailError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .storageFailed(path: path, reason: "cannot create the file: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var offset = 0
        while offset < contents.count {
            let written = contents[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .storageFailed(path: path, reason: "cannot write the file: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }
}
