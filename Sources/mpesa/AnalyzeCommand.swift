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
            let reading: StatementParser.Reading
            do {
                reading = try await StatementParser().read(data, filename: file, password: secret)
            } catch {
                progress.clear()
                throw CommandFailure(Self.message(for: error))
            }
            let read = ContinuousClock.now
            progress.show("reconciling…")
            let statement = reading.assembled()
            let finished = ContinuousClock.now
            progress.clear()
            if timing {
                func seconds(_ duration: Duration) -> String {
                    String(format: "%.4f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
                }
                FileHandle.standardError.write(Data((
                    "read \(statement.rows.count) rows, \(statement.metadata.pageCount ?? 0) pages in \(seconds(read - started)) s; "
                    + "normalised and reconciled in \(seconds(finished - read)) s\n"
                    + "parsed \(statement.rows.count) rows, \(statement.metadata.pageCount ?? 0) pages in \(seconds(finished - started)) s\n"
                ).utf8))
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

extension AnalyzeCommand {
    /// The library speaks to API clients ("the `password` field"); the command line names its own option.
    static func message(for error: StatementParseError) -> String {
        switch error {
        case .passwordRequired: "the PDF is password-protected: give the password Safaricom sent with --password (or --password-file)"
        case .wrongPassword: "the password does not open this PDF; check the one Safaricom sent (it is case-sensitive)"
        default: error.description
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
