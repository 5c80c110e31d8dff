import Foundation
import StatementParsing
import Testing

/// The sandbox around poppler, qpdf and LibreOffice: what a tool run on a hostile file can and cannot reach.
@Suite("External tools")
struct ExternalToolTests {
    @Test("a tool inherits only stdin, stdout and stderr, never the service's open files or pipes")
    func descriptors() async throws {
        // Something the service holds open (a database file, a pipe Foundation's Process watches a child by).
        let pipe = Pipe()
        defer {
            try? pipe.fileHandleForReading.close()
            try? pipe.fileHandleForWriting.close()
        }
        let output = try await ExternalTool(executable: "/bin/sh").run(["-c", "ls /proc/self/fd"])
        let descriptors = Set(output.log.split(whereSeparator: \.isNewline).compactMap { Int($0) })
        // 0, 1, 2, and the one `ls` opens to read the directory.
        #expect(descriptors.subtracting([0, 1, 2]).count <= 1, "inherited: \(descriptors.sorted())")
    }

    @Test("a tool that outlives its timeout is killed, with its children")
    func timeout() async throws {
        let started = ContinuousClock.now
        await #expect(throws: ExternalTool.Failure.timedOut(.seconds(1))) {
            try await ExternalTool(executable: "/bin/sh", timeout: .seconds(1)).run(["-c", "sleep 300 & exec sleep 300"])
        }
        #expect(ContinuousClock.now - started < .seconds(120))
    }
}
