import Foundation
import StatementGeneration
import StatementParsing
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Legacy XLS conversion")
struct LegacyXLSConverterTests {
    static let installHint = "LibreOffice is required for .xls statements and their tests: install it with `apt-get install -y libreoffice-calc-nogui`"

    @Test("a legacy .xls made by LibreOffice from a generated workbook reads back to the same statement")
    func legacyXLSRoundTrip() async throws {
        let converter = LegacyXLSConverter()
        guard converter.locateExecutable() != nil else {
            Issue.record(Comment(rawValue: Self.installHint))
            return
        }
        let options = TabularStatementWriter.Options(blankRowsBeforeTable: 1, writesDatesAsCells: true)
        let xlsx = try TabularStatementWriter(layout: .businessClassic, options: options)
            .xlsx(rows: TabularFixtures.classicRows, metadata: TabularFixtures.classicMetadata)
        let xls = try await converter.convert(xlsx, fileExtension: "xlsx", to: "xls:MS Excel 97")
        #expect(LegacyXLSConverter.isLegacyXLS(xls))

        let statement = try await TabularStatementReader().readXLS(xls, converter: converter)
        #expect(statement.metadata.format == .businessClassicXLSX)
        #expect(statement.metadata.shortcode == "123456")
        #expect(statement.metadata.periodStart == TabularFixtures.classicMetadata.periodStart)
        #expect(TabularFixtures.withoutSource(statement.rows) == TabularFixtures.classicRows)
    }

    @Test("a damaged .xls is refused, whatever LibreOffice makes of it")
    func damagedXLS() async {
        guard LegacyXLSConverter().locateExecutable() != nil else {
            Issue.record(Comment(rawValue: Self.installHint))
            return
        }
        let garbage = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0x00, count: 512))
        let error = await TabularFixtures.error { () async throws(StatementParseError) in try await TabularStatementReader().readXLS(garbage) }
        switch error {
        case .corrupt, .notAStatement: break
        default: Issue.record("expected corrupt or notAStatement, got \(String(describing: error))")
        }
    }

    @Test("without LibreOffice, reading an .xls says which tool is missing")
    func toolMissing() async {
        let converter = LegacyXLSConverter(executable: "/nonexistent/soffice")
        let xls = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0x00, count: 64))
        let error = await TabularFixtures.error { () async throws(StatementParseError) in try await converter.convertToXLSX(xls) }
        #expect(error == .toolMissing("LibreOffice"))
        #expect(error?.description.contains("install") == true)
    }

    @Test("a file without the XLS signature is not handed to LibreOffice")
    func notXLS() async {
        let error = await TabularFixtures.error { () async throws(StatementParseError) in try await LegacyXLSConverter().convertToXLSX(Data("hello".utf8)) }
        guard case .notAStatement = error else {
            Issue.record("expected notAStatement, got \(String(describing: error))")
            return
        }
    }

    @Test("a conversion that overruns its deadline is stopped and its whole process group killed")
    func timeoutKillsProcessGroup() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tabular-timeout-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let pidFile = directory.appendingPathComponent("child.pid").path
        let script = directory.appendingPathComponent("fake-soffice")
        try "#!/bin/sh\nsleep 300 &\necho $! > '\(pidFile)'\nwait\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)

        let converter = LegacyXLSConverter(executable: script.path, timeout: .milliseconds(1_500))
        let started = ContinuousClock.now
        let error = await TabularFixtures.error { () async throws(StatementParseError) in
            try await converter.convert(Data("x".utf8), fileExtension: "xls", to: "xlsx")
        }
        #expect(error == .timedOut(seconds: 2))
        #expect(ContinuousClock.now - started < .seconds(30))

        // The grandchild `sleep` was in the same process group: it must be dead (gone, or a zombie awaiting reaping).
        let pid = try #require(Int32(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        let deadline = ContinuousClock.now + .seconds(10)
        var alive = true
        while alive, ContinuousClock.now < deadline {
            let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
            let state = stat.flatMap { $0.split(separator: ")").last?.split(separator: " ").first }
            alive = state != nil && state != "Z" && state != "X"
            if alive { await Task.yield() }
        }
        #expect(!alive, "the child of the timed-out program is still running")
    }
}
