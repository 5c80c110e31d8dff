import ArgumentParser
import Foundation
import MPesaCore
import StatementParsing

struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Read a statement file and print its summary, reconciliation verdict, top counterparties and monthly flows.",
        discussion: """
            Works without any server. Reads personal statement PDFs (give --password for Safaricom's encrypted ones), \
            org-portal CSV/XLSX/XLS exports, converted statements and text files of SMS confirmations.
            """
    )

    @Argument(help: "The statement file.")
    var file: String

    @Option(help: "The PDF's password (Safaricom sends it with the statement). Prefer --password-file on shared machines.")
    var password: String?

    @Option(help: "Read the password from this file (its first line).")
    var passwordFile: String?

    @Flag(help: "Print the full parsed statement as JSON instead of the report.")
    var json = false

    @Flag(help: "Print how long parsing took, on standard error.")
    var timing = false

    func run() async throws {
        try await CommandFailure.reporting {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CommandFailure("cannot read \(file): no such file, or no permission")
            }
            var secret = password
            if let passwordFile {
                guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8) else { throw CommandFailure("cannot read the password file \(passwordFile)") }
                secret = text.split(separator: "\n").first.map(String.init)
            }
            let progress = ProgressLine(enabled: !json && isatty(STDERR_FILENO) == 1)
            progress.show("reading \(URL(fileURLWithPath: file).lastPathComponent) (\(data.count / 1024) KiB)…")
            let started = ContinuousClock.now
            let statement: ParsedStatement
            do {
                statement = try await StatementParser().parse(data, filename: file, password: secret)
            } catch {
                progress.clear()
                throw CommandFailure((error as? StatementParseError)?.description ?? "\(error)")
            }
            let elapsed = ContinuousClock.now - started
            progress.clear()
            if timing {
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                FileHandle.standardError.write(Data("parsed \(statement.rows.count) rows, \(statement.metadata.pageCount ?? 0) pages in \(String(format: "%.4f", seconds)) s\n".utf8))
            }
            if json {
                let encoder = JSONEncoder()
                encoder.keyEncodingStrategy = .convertToSnakeCase
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                encoder.dateEncodingStrategy = .iso8601
                FileHandle.standardOutput.write(try encoder.encode(statement))
                print()
            } else {
                print(StatementReport(statement).text)
            }
        }
    }
}

/// A one-line progress indicator on a terminal's standard error.
struct ProgressLine {
    let enabled: Bool

    func show(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
