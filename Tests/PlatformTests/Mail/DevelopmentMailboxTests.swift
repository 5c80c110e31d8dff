import Foundation
import Testing
@testable import Platform

@Suite("Development mailbox")
struct DevelopmentMailboxTests {
    /// 2026-11-29 10:15:00 UTC.
    static let date = Date(timeIntervalSince1970: 1_795_947_300)

    static func message(to: String = "wanjiru@example.co.ke", subject: String = "Verify your e-mail address", at date: Date = date, id: String = "<verify-1@mpesa.example.com>", text: String? = nil) throws -> MailMessage {
        try MailMessage(
            from: MailAddress("no-reply@mpesa.example.com", displayName: "M-PESA Analytics"),
            to: [MailAddress(to)],
            subject: subject,
            textBody: text ?? "Open this link to verify:\nhttps://app.example.com/verify?token=\(id.dropFirst().prefix(8))\n",
            messageID: id,
            date: date
        )
    }

    /// A mailbox in a fresh directory that does not exist yet (the mailbox creates it), removed afterwards.
    private func withMailbox(_ body: (DevelopmentMailbox) async throws -> Void) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("mailbox-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try await body(DevelopmentMailbox(directory: root.appendingPathComponent("data/mail")))
    }

    @Test("a sent message is stored as its RFC 5322 text under a time-sortable name and reads back equal")
    func roundTrip() async throws {
        try await withMailbox { mailbox in
            let message = try Self.message(text: "Habari Ngʼangʼa,\n.dot line\nhttps://app.example.com/verify?token=abc=\n")
            try await mailbox.send(message)
            let stored = try mailbox.list()
            try #require(stored.count == 1)
            #expect(stored[0].id == "20261129T101500Z-verify-1")
            #expect(stored[0].file.lastPathComponent == "20261129T101500Z-verify-1.eml")
            #expect(stored[0].date == Self.date)
            #expect(stored[0].to.map(\.address) == ["wanjiru@example.co.ke"])
            #expect(stored[0].subject == "Verify your e-mail address")
            #expect(try String(contentsOf: stored[0].file, encoding: .utf8) == message.rfc5322())
            #expect(try mailbox.read(id: stored[0].id) == message)
        }
    }

    @Test("files are created 0600 in a 0700 directory, whatever the umask")
    func permissions() async throws {
        try await withMailbox { mailbox in
            let previous = umask(0)
            defer { umask(previous) }
            let stored = try mailbox.store(Self.message())
            let file = try FileManager.default.attributesOfItem(atPath: stored.file.path)
            let directory = try FileManager.default.attributesOfItem(atPath: mailbox.directory.path)
            #expect((file[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            #expect((directory[.posixPermissions] as? NSNumber)?.intValue == 0o700)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: mailbox.directory.path).filter { $0.hasPrefix(".") }
            #expect(leftovers.isEmpty, "no temporary files are left behind")
        }
    }

    @Test("list is newest first, by message date and then by write order within the same second")
    func newestFirst() async throws {
        try await withMailbox { mailbox in
            try mailbox.store(Self.message(subject: "middle", at: Self.date, id: "<b@x.y>"))
            try mailbox.store(Self.message(subject: "oldest", at: Self.date - 3_600, id: "<c@x.y>"))
            try mailbox.store(Self.message(subject: "newest", at: Self.date + 86_400, id: "<a@x.y>"))
            #expect(try mailbox.list().map(\.subject) == ["newest", "middle", "oldest"])
            let names = try FileManager.default.contentsOfDirectory(atPath: mailbox.directory.path).sorted()
            #expect(names == ["20261129T091500Z-c.eml", "20261129T101500Z-b.eml", "20261130T101500Z-a.eml"], "file names sort by time")
        }
    }

    @Test("the verification link is found in the latest message to an address, matched case-insensitively")
    func latestTo() async throws {
        try await withMailbox { mailbox in
            try mailbox.store(Self.message(to: "wanjiru@example.co.ke", at: Self.date, id: "<first123@x.y>"))
            try mailbox.store(Self.message(to: "otieno@example.com", at: Self.date + 120, id: "<other456@x.y>"))
            try mailbox.store(Self.message(to: "wanjiru@example.co.ke", at: Self.date + 60, id: "<second78@x.y>"))
            let latest = try #require(try mailbox.latest(to: "Wanjiru@Example.co.ke"))
            let body = try mailbox.read(id: latest.id).textBody
            let link = body.split(separator: "\n").first { $0.hasPrefix("https://") }
            #expect(link == "https://app.example.com/verify?token=second78")
            #expect(try mailbox.latest(to: "nobody@example.com") == nil)
        }
    }

    @Test("the same message stored twice keeps both copies")
    func duplicates() async throws {
        try await withMailbox { mailbox in
            let message = try Self.message()
            let first = try mailbox.store(message)
            let second = try mailbox.store(message)
            #expect(first.id == "20261129T101500Z-verify-1")
            #expect(second.id == "20261129T101500Z-verify-1-2")
            #expect(try mailbox.list().count == 2)
        }
    }

    @Test("concurrent senders each get their own file")
    func concurrentSends() async throws {
        try await withMailbox { mailbox in
            let message = try Self.message()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 { group.addTask { try await mailbox.send(message) } }
                try await group.waitForAll()
            }
            #expect(try Set(mailbox.list().map(\.id)).count == 20)
        }
    }

    @Test("a mailbox whose directory does not exist yet lists nothing")
    func emptyMailbox() async throws {
        try await withMailbox { mailbox in
            let stored = try mailbox.list()
            #expect(stored.isEmpty)
            #expect(try mailbox.latest(to: "a@b.c") == nil)
        }
    }

    @Test("read refuses ids that would leave the mailbox directory", arguments: ["../../etc/passwd", "/etc/passwd", "..", ".hidden", "", "a/b"])
    func pathTraversal(id: String) async throws {
        try await withMailbox { mailbox in
            try mailbox.store(Self.message())
            #expect {
                _ = try mailbox.read(id: id)
            } throws: { error in
                if case .storageFailed(_, let reason)? = error as? MailError { return reason.contains("not a message id") }
                return false
            }
        }
    }

    @Test("a missing message and an unreadable file give storageFailed with the path")
    func failures() async throws {
        try await withMailbox { mailbox in
            #expect(throws: MailError.self) { try mailbox.read(id: "20261129T101500Z-missing") }
            try FileManager.default.createDirectory(at: mailbox.directory, withIntermediateDirectories: true)
            let junk = mailbox.directory.appendingPathComponent("junk.eml")
            try Data("not a message".utf8).write(to: junk)
            #expect {
                _ = try mailbox.list()
            } throws: { error in
                if case .storageFailed(let path, _)? = error as? MailError { return path == junk.path }
                return false
            }
        }
    }

    @Test("a file where the mailbox directory should be gives storageFailed, not a crash")
    func directoryIsAFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mailbox-file-\(UUID().uuidString)")
        try Data().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let mailbox = DevelopmentMailbox(directory: file)
        await #expect(throws: MailError.self) { try await mailbox.send(Self.message()) }
    }
}
