import Foundation

/// Converts legacy binary Excel files (`.xls`, BIFF inside an OLE container, magic `D0 CF 11 E0`) to XLSX by
/// running LibreOffice headless out of process, so that ``XLSXWorkbook`` can read them.
///
/// Each conversion gets a private temporary folder holding the input, the output and its own LibreOffice
/// profile (so concurrent conversions never share or lock a profile), runs under a deadline that kills the
/// whole process group, and deletes the folder afterwards. Debian package: `libreoffice-calc-nogui`.
public struct LegacyXLSConverter: Sendable {
    /// The `soffice` program to run; nil looks on `PATH` and in the usual install folders.
    public var executable: String?
    /// How long one conversion may take before LibreOffice is killed.
    public var timeout: Duration
    /// The largest converted file that will be read back.
    public var maxOutputBytes: Int

    public init(executable: String? = nil, timeout: Duration = .seconds(120), maxOutputBytes: Int = 200 * 1024 * 1024) {
        self.executable = executable
        self.timeout = timeout
        self.maxOutputBytes = maxOutputBytes
    }

    /// Whether the bytes start with the OLE compound-file signature of a legacy `.xls`.
    public static func isLegacyXLS(_ data: Data) -> Bool {
        data.prefix(8).elementsEqual([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
    }

    /// The `soffice` that would run, if one is installed.
    public func locateExecutable() -> String? {
        let fileManager = FileManager.default
        if let executable {
            return fileManager.isExecutableFile(atPath: executable) ? executable : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        var candidates = path.split(separator: ":").flatMap { ["\($0)/soffice", "\($0)/libreoffice"] }
        candidates += [
            "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
            "/Applications/LibreOffice.app/Contents/MacOS/soffice",
        ]
        return candidates.first { fileManager.isExecutableFile(atPath: $0) }
    }

    /// Converts a legacy `.xls` to `.xlsx`.
    public func convertToXLSX(_ data: Data) async throws(StatementParseError) -> Data {
        guard Self.isLegacyXLS(data) else {
            throw .notAStatement("the file is not a legacy Excel (.xls) workbook")
        }
        return try await convert(data, fileExtension: "xls", to: "xlsx")
    }

    /// Converts a document with LibreOffice: `fileExtension` names the input's type, `filter` is what
    /// `--convert-to` takes (`xlsx`, or `xls:"MS Excel 97"` to make a legacy file).
    public func convert(_ data: Data, fileExtension: String, to filter: String) async throws(StatementParseError) -> Data {
        guard let soffice = locateExecutable() else { throw .toolMissing("LibreOffice") }
        let fileManager = FileManager.default
        let directory = fileManager.temporaryDirectory.appendingPathComponent("mpesa-soffice-\(UUID().uuidString)")
        let input = directory.appendingPathComponent("statement.\(fileExtension)")
        let output = directory.appendingPathComponent("out")
        let profile = directory.appendingPathComponent("profile")
        do {
            try fileManager.createDirectory(at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            try fileManager.createDirectory(at: output, withIntermediateDirectories: false)
            try data.write(to: input)
        } catch {
            try? fileManager.removeItem(at: directory)
            throw .corrupt("the file could not be staged for conversion (\(error))")
        }
        defer { try? fileManager.removeItem(at: directory) }

        var environment = [
            "HOME": directory.path,
            "TMPDIR": directory.path,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "SAL_USE_VCLPLUGIN": "svp",
        ]
        if let language = ProcessInfo.processInfo.environment["LANG"] { environment["LANG"] = language }
        let arguments = [
            "--headless", "--invisible", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
            "-env:UserInstallation=\(profile.absoluteURL.absoluteString)",
            "--convert-to", filter, "--outdir", output.path, input.path,
        ]
        let outcome: ExternalTool.Output
        do {
            // No address-space limit: LibreOffice reserves far more virtual memory than it uses.
            outcome = try await ExternalTool(executable: soffice, timeout: timeout, memoryLimitBytes: 0).run(arguments, environment: environment)
        } catch {
            switch error {
            case .notInstalled: throw .toolMissing("LibreOffice (\(soffice) could not be started)")
            case .timedOut:
                let seconds = timeout.components.seconds + (timeout.components.attoseconds > 0 ? 1 : 0)
                throw .timedOut(seconds: Int(seconds))
            }
        }
        let outputExtension = filter.split(separator: ":").first.map(String.init) ?? filter
        let converted = output.appendingPathComponent("statement.\(outputExtension)")
        let size = (try? fileManager.attributesOfItem(atPath: converted.path)[.size] as? Int) ?? nil
        guard let size else {
            throw .corrupt("LibreOffice could not read the .\(fileExtension) file (exit status \(outcome.status)); it may be damaged")
        }
        guard size <= maxOutputBytes else {
            throw .tooLarge("the converted workbook is \(size) bytes; the limit is \(maxOutputBytes) bytes")
        }
        do {
            return try Data(contentsOf: converted)
        } catch {
            throw .corrupt("the converted workbook could not be read back (\(error))")
        }
    }
}
