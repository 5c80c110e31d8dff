import Foundation
import NIOConcurrencyHelpers
import TestSupport

/// A real SMTP server for one test: `Fixtures/smtp_sink.py` (aiosmtpd) as a child process, storing what it accepts.
final class SMTPSink {
    let port: Int
    let directory: URL
    private let process: Process
    private let input: Pipe

    /// What the sink stored for one accepted message (see Fixtures/README.md).
    struct Received: Decodable {
        struct Parsed: Decodable {
            let subject: String
            let from: String
            let to: [String]
            let message_id: String?
            let date: String?
            let content_type: String
            let text: String?
            let html: String?
            let defects: [String]
        }

        let mail_from: String
        let rcpt_tos: [String]
        let content: String
        let helo: String?
        let tls: Bool
        let auth_login: String?
        let parsed: Parsed
    }

    struct SetupError: Error, CustomStringConvertible {
        let description: String
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/smtp_sink.py")

    /// Starts a sink and waits (up to `timeout`) for it to listen.
    static func start(arguments: [String] = [], timeout: Duration = .seconds(30)) async throws -> SMTPSink {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, directory.path] + arguments
        let input = Pipe()
        let reader = LineReader()
        let errors = NIOLockedValueBox<[UInt8]>([])
        let output = try OutputDrain(onData: { reader.consume($0) }, onEnd: { reader.consume(nil) })
        let errorOutput = try OutputDrain { bytes in errors.withLockedValue { $0 += bytes } }
        process.standardInput = input
        process.standardOutput = output.handleForChild
        process.standardError = errorOutput.handleForChild
        try process.run(draining: output, errorOutput)
        let line = await reader.firstLine(timeout: timeout)
        guard let line, line.hasPrefix("ready "), let port = Int(line.dropFirst(6)) else {
            if process.isRunning { process.terminate() }
            _ = try? await process.exited(timeout: .seconds(10))
            try? FileManager.default.removeItem(at: directory)
            if line == "missing aiosmtpd" {
                throw SetupError(description: "the SMTP tests need aiosmtpd, which python3 cannot import: run `python3 -m pip install aiosmtpd`")
            }
            let stderr = String(decoding: errors.withLockedValue { $0 }, as: UTF8.self)
            throw SetupError(description: "the SMTP sink did not start (first line: \(line ?? "none within \(timeout)")): \(stderr)")
        }
        return SMTPSink(port: port, directory: directory, process: process, input: input)
    }

    private init(port: Int, directory: URL, process: Process, input: Pipe) {
        self.port = port
        self.directory = directory
        self.process = process
        self.input = input
    }

    /// Every message accepted so far, in order; each is on disk before the server's 250 reply.
    func received() throws -> [Received] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { try JSONDecoder().decode(Received.self, from: Data(contentsOf: directory.appendingPathComponent($0))) }
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        let directory = directory
        process.stopInBackground { try? FileManager.default.removeItem(at: directory) }
    }
}
