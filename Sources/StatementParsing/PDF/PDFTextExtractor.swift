import Foundation

/// Gets the positioned text of a PDF out of process with poppler (`pdfinfo`, `pdftotext -bbox-layout`) and,
/// for encrypted statements, qpdf: a hostile PDF can hang or exhaust only a child process, which is killed at
/// the timeout.
///
/// The password is handed to qpdf in a file readable only by this user (never on a command line, where other
/// local users could read it), the decrypted copy lives in a private directory for the seconds poppler needs it,
/// and both are removed before this returns.
public struct PDFTextExtractor: Sendable {
    public var timeout: Duration
    public var memoryLimitBytes: Int
    /// Where private working directories are made (the system temporary directory by default).
    public var scratchParent: String?
    /// The most text (poppler's XHTML) one statement may produce.
    public var maxTextBytes = 256 << 20
    /// Paths of the tools by name (`pdfinfo`, `pdftotext`, `qpdf`) where they are not simply on the PATH.
    public var toolPaths: [String: String]

    public init(timeout: Duration = .seconds(60), memoryLimitBytes: Int = 1 << 30, scratchParent: String? = nil, toolPaths: [String: String] = [:]) {
        self.timeout = timeout
        self.memoryLimitBytes = memoryLimitBytes
        self.scratchParent = scratchParent
        self.toolPaths = toolPaths
    }

    public func extract(_ pdf: Data, password: String?) async throws(StatementParseError) -> PDFTextDocument {
        guard pdf.prefix(1024).range(of: Data("%PDF-".utf8)) != nil else {
            throw .notAStatement("it is not a PDF file")
        }
        let scratch: PrivateScratchDirectory
        do {
            scratch = try PrivateScratchDirectory(parent: scratchParent)
        } catch {
            throw .corrupt("the server could not create a private working directory")
        }
        defer { scratch.remove() }
        do {
            let input = try scratch.write(pdf, named: "statement.pdf")
            var readable = input
            let probe = try await tool("pdfinfo").run([input])
            if probe.status != 0 {
                if probe.log.localizedCaseInsensitiveContains("incorrect password") {
                    guard let password, !password.isEmpty else { throw StatementParseError.passwordRequired }
                    readable = try await decrypt(input, password: password, in: scratch)
                } else {
                    throw StatementParseError.corrupt(Self.describe(probe.log))
                }
            }
            let infoRun = try await tool("pdfinfo").run(["-isodates", readable])
            guard infoRun.status == 0 else { throw StatementParseError.corrupt(Self.describe(infoRun.log)) }
            let info = Self.parseInfo(infoRun.log)
            let textFile = "\(scratch.path)/text.html"
            let text = try await tool("pdftotext").run(["-bbox-layout", "-enc", "UTF-8", readable, textFile])
            guard text.status == 0 else { throw StatementParseError.corrupt(Self.describe(text.log)) }
            let size = (try? FileManager.default.attributesOfItem(atPath: textFile)[.size] as? Int) ?? 0
            guard size <= maxTextBytes else { throw StatementParseError.tooLarge("its text is larger than the server accepts") }
            guard let xhtml = FileManager.default.contents(atPath: textFile) else { throw StatementParseError.corrupt("poppler wrote no text") }
            let pages = BBoxLayoutReader.read([UInt8](xhtml))
            guard !pages.isEmpty else { throw StatementParseError.corrupt("poppler found no pages") }
            if pages.allSatisfy({ $0.words.isEmpty }) { throw StatementParseError.scannedDocument }
            return PDFTextDocument(pages: pages, info: info)
        } catch let error as StatementParseError {
            throw error
        } catch let failure as ExternalTool.Failure {
            switch failure {
            case .notInstalled(let name): throw .toolMissing("\(name) (Debian package \(name == "qpdf" ? "qpdf" : "poppler-utils"))")
            case .timedOut(let limit): throw .timedOut(seconds: Int(limit.components.seconds))
            }
        } catch {
            throw .corrupt("the file could not be read")
        }
    }

    private func tool(_ name: String) -> ExternalTool {
        ExternalTool(executable: toolPaths[name] ?? name, timeout: timeout, memoryLimitBytes: memoryLimitBytes)
    }

    private func decrypt(_ input: String, password: String, in scratch: PrivateScratchDirectory) async throws -> String {
        let passwordFile = try scratch.write(Data(password.utf8), named: "password")
        defer { try? FileManager.default.removeItem(atPath: passwordFile) }
        let output = "\(scratch.path)/decrypted.pdf"
        let run = try await tool("qpdf").run(["--password-file=\(passwordFile)", "--decrypt", input, output])
        // qpdf exits 3 when it succeeded with warnings.
        if run.status == 0 || run.status == 3, FileManager.default.fileExists(atPath: output) { return output }
        if run.log.localizedCaseInsensitiveContains("invalid password") { throw StatementParseError.wrongPassword }
        throw StatementParseError.corrupt(Self.describe(run.log))
    }

    /// `Key:   value` lines of pdfinfo into a dictionary (poppler's own warnings, which share the log, are not keys).
    static func parseInfo(_ text: String) -> [String: String] {
        var info: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            if key.hasSuffix("Error") || key.hasSuffix("Warning") { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if !key.isEmpty { info[key] = value }
        }
        return info
    }

    /// A short, safe summary of a tool's complaint (never echoes file content at length).
    static func describe(_ stderr: String) -> String {
        let line = stderr.split(separator: "\n").first { !$0.contains("Syntax Warning") } ?? stderr.split(separator: "\n").first ?? ""
        let trimmed = line.replacingOccurrences(of: "Syntax Error: ", with: "").replacingOccurrences(of: "Command Line Error: ", with: "")
        return trimmed.isEmpty ? "poppler could not read it" : "poppler could not read it (\(trimmed.prefix(160)))"
    }
}
