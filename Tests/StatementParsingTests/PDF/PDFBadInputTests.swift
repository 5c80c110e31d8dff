import Foundation
import MPesaCore
import StatementGeneration
import StatementParsing
import Testing

@Suite("Personal PDF: passwords and bad files")
struct PDFBadInputTests {
    static let statement = PersonalStatementGenerator.generate(GeneratorConfiguration(seed: 5, months: 1, transactionsPerDay: 8))

    @Test("an encrypted statement opens with its password and reads like the plain one")
    func rightPassword() async throws {
        let encrypted = try await PersonalStatementPDFRenderer.render(Self.statement, password: "12345678")
        #expect(encrypted != PersonalStatementPDFRenderer.renderPlain(Self.statement))
        let parsed = try await PersonalPDFParser().parse(encrypted, password: "12345678")
        #expect(parsed.rows.count == Self.statement.rows.count)
        #expect(parsed.reconciliation.verdict == .verified)
    }

    @Test("an encrypted statement without a password asks for one; a wrong password says so")
    func missingOrWrongPassword() async throws {
        let encrypted = try await PersonalStatementPDFRenderer.render(Self.statement, password: "CorrectHorse9")
        await #expect(throws: StatementParseError.passwordRequired) { try await PersonalPDFParser().parse(encrypted, password: nil) }
        await #expect(throws: StatementParseError.passwordRequired) { try await PersonalPDFParser().parse(encrypted, password: "") }
        await #expect(throws: StatementParseError.wrongPassword) { try await PersonalPDFParser().parse(encrypted, password: "correcthorse9") }
        await #expect(throws: StatementParseError.wrongPassword) { try await PersonalPDFParser().parse(encrypted, password: "'; rm -rf / #") }
    }

    @Test("no decrypted copy or password file is left behind")
    func passwordStaysPrivate() async throws {
        let secret = "Secret-\(UInt32.random(in: 0...UInt32.max))"
        let encrypted = try await PersonalStatementPDFRenderer.render(Self.statement, password: secret)
        let parent = NSTemporaryDirectory() + "pw-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: parent) }
        _ = try await PersonalPDFParser(extractor: PDFTextExtractor(scratchParent: parent)).parse(encrypted, password: secret)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).isEmpty)
    }

    @Test("a file that is not a PDF is refused as such", arguments: [Data(), Data("hello".utf8), Data([0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 7, count: 100))])
    func notAPDF(data: Data) async {
        await #expect {
            try await PersonalPDFParser().parse(data, password: nil)
        } throws: { error in
            if case .notAStatement = error as? StatementParseError { return true }
            return false
        }
    }

    @Test("a truncated statement is reported as damaged (or read as far as it goes), never a crash")
    func truncated() async throws {
        let pdf = PersonalStatementPDFRenderer.renderPlain(Self.statement)
        for fraction in [0.1, 0.5, 0.9] {
            let cut = pdf.prefix(Int(Double(pdf.count) * fraction))
            do {
                let parsed = try await PersonalPDFParser().parse(Data(cut), password: nil)
                // poppler may recover the pages it can; then the figures cannot be verified.
                #expect(parsed.reconciliation.verdict != .verified)
            } catch {
                switch error {
                case .corrupt, .notAStatement: break
                default: Issue.record("unexpected \(error)")
                }
            }
        }
    }

    @Test("a PDF of something else is not a statement")
    func otherDocument() async throws {
        var writer = PDFWriter(info: ["Creator": "Invoice Maker"])
        var page = PDFWriter.Page()
        page.text("INVOICE 2291 for consulting services", x: 50, y: 700, size: 12)
        page.text("Total due: KES 12,000.00", x: 50, y: 680, size: 12)
        writer.pages.append(page)
        await #expect {
            try await PersonalPDFParser().parse(writer.data(), password: nil)
        } throws: { error in
            if case .notAStatement = error as? StatementParseError { return true }
            return false
        }
    }

    @Test("a scanned statement (pages without text) is reported as such")
    func scanned() async throws {
        var writer = PDFWriter(info: ["Creator": "Scanner"])
        for _ in 0..<2 {
            var page = PDFWriter.Page()
            for row in 0..<40 { page.line(from: (40, 100 + Double(row) * 15), to: (550, 100 + Double(row) * 15)) }
            writer.pages.append(page)
        }
        await #expect(throws: StatementParseError.scannedDocument) { try await PersonalPDFParser().parse(writer.data(), password: nil) }
    }

    @Test("a PDF that makes poppler hang is stopped at the timeout")
    func timeout() async throws {
        // A pdftotext that never finishes stands in for poppler stuck on a hostile file.
        let directory = NSTemporaryDirectory() + "hang-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let script = directory + "/pdftotext"
        try "#!/bin/sh\nexec sleep 600\n".write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        let parser = PersonalPDFParser(extractor: PDFTextExtractor(timeout: .seconds(2), toolPaths: ["pdftotext": script]))
        let started = ContinuousClock.now
        await #expect(throws: StatementParseError.timedOut(seconds: 2)) {
            try await parser.parse(PersonalStatementPDFRenderer.renderPlain(Self.statement), password: nil)
        }
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test("randomly damaged statements never crash or hang the parser")
    func fuzz() async throws {
        let pdf = [UInt8](PersonalStatementPDFRenderer.renderPlain(Self.statement))
        var random = SeededRandom(seed: 99)
        var outcomes: [String: Int] = [:]
        for _ in 0..<40 {
            var bytes = pdf
            let mutations = 1 + Int(random.next() % 30)
            for _ in 0..<mutations {
                let position = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 4 {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.remove(at: position)
                case 2: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
                default:
                    let length = min(64, bytes.count - position)
                    bytes.replaceSubrange(position..<(position + length), with: [UInt8](repeating: 0x30, count: length))
                }
            }
            do {
                let parsed = try await PersonalPDFParser(extractor: PDFTextExtractor(timeout: .seconds(20))).parse(Data(bytes), password: nil)
                outcomes[parsed.reconciliation.verdict.rawValue, default: 0] += 1
            } catch {
                outcomes["\(error)".prefix(20).description, default: 0] += 1
            }
        }
        #expect(outcomes.values.reduce(0, +) == 40)
    }
}
