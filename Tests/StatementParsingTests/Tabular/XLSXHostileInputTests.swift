import Foundation
import StatementGeneration
import StatementParsing
import Testing
import ZIPFoundation

@Suite("XLSX hostile and damaged input")
struct XLSXHostileInputTests {
    static let validWorkbook: Data = try! TabularStatementWriter(layout: .personal).xlsx(
        rows: TabularFixtures.personalRows, metadata: StatementMetadata(format: .personalXLSX)
    )

    /// A workbook whose sheet is 300 MB of one repeated byte: deflate squeezes it to a few hundred kilobytes.
    static let zipBomb: Data = {
        let size = 300 * 1024 * 1024
        let chunk = Data(repeating: 0x41, count: 1024 * 1024)
        let valid = try! Archive(data: validWorkbook, accessMode: .read)
        let archive = try! Archive(accessMode: .create)
        for entry in valid where entry.path != "xl/worksheets/sheet1.xml" {
            var part = Data()
            _ = try! valid.extract(entry) { part.append($0) }
            try! archive.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(part.count), compressionMethod: .deflate) { position, length in
                part.subdata(in: Int(position)..<Int(position) + length)
            }
        }
        try! archive.addEntry(
            with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate,
            bufferSize: chunk.count
        ) { _, length in length == chunk.count ? chunk : chunk.prefix(length) }
        return archive.data!
    }()

    static func readError(_ data: Data, limits: TabularLimits = .default) -> StatementParseError? {
        TabularFixtures.error { () throws(StatementParseError) in try TabularStatementReader(limits: limits).readXLSX(data) }
    }

    @Test("a zip bomb (a few hundred MB of repeated bytes in kilobytes) is refused before it is expanded")
    func zipBomb() {
        #expect(Self.zipBomb.count < 2 * 1024 * 1024, "the bomb itself is small: \(Self.zipBomb.count) bytes")
        guard case .tooLarge(let why) = Self.readError(Self.zipBomb) else {
            Issue.record("expected tooLarge, got \(String(describing: Self.readError(Self.zipBomb)))")
            return
        }
        #expect(why.contains("xl/worksheets/sheet1.xml"))
    }

    @Test("a zip bomb that lies about its size is stopped while it expands")
    func lyingZipBomb() {
        // Rewrite the sheet's declared uncompressed size (local header and central directory) to 4,096 bytes.
        var bytes = [UInt8](Self.zipBomb)
        let name = Array("xl/worksheets/sheet1.xml".utf8)
        var patched = 0
        for index in 0..<(bytes.count - 46 - name.count) where bytes[index] == 0x50 && bytes[index + 1] == 0x4B {
            let isLocal = bytes[index + 2] == 0x03 && bytes[index + 3] == 0x04
            let isCentral = bytes[index + 2] == 0x01 && bytes[index + 3] == 0x02
            guard isLocal || isCentral else { continue }
            let nameStart = index + (isLocal ? 30 : 46)
            guard Array(bytes[nameStart..<(nameStart + name.count)]) == name else { continue }
            let sizeOffset = index + (isLocal ? 22 : 24)
            bytes.replaceSubrange(sizeOffset..<(sizeOffset + 4), with: [0x00, 0x10, 0x00, 0x00])
            patched += 1
        }
        #expect(patched == 2)
        guard case .tooLarge(let why) = Self.readError(Data(bytes)) else {
            Issue.record("expected tooLarge, got \(String(describing: Self.readError(Data(bytes))))")
            return
        }
        #expect(why.contains("declared"))
    }

    @Test("too many entries, or parts that together expand past the limit, are refused")
    func totalLimits() throws {
        let many = try XLSXWriter.zip((0..<12).map { ("part\($0).xml", Data("<a/>".utf8)) })
        guard case .tooLarge = Self.readError(many, limits: TabularLimits(maxZipEntries: 10)) else {
            Issue.record("expected tooLarge for 12 entries")
            return
        }
        let limits = TabularLimits(maxUncompressedBytes: 100_000, maxCompressionRatio: 1_000_000)
        guard case .tooLarge(let why) = Self.readError(Self.validWorkbook, limits: TabularLimits(maxUncompressedBytes: 1_000)) else {
            Issue.record("expected tooLarge for a workbook over the total limit")
            return
        }
        #expect(why.contains("1000 bytes"))
        #expect(Self.readError(Self.validWorkbook, limits: limits) == nil)
    }

    @Test("a deflate stream that never ends is reported as damaged instead of hanging")
    func endlessDeflateStream() {
        // A non-final stored deflate block claiming 65,535 bytes, of which 10 are present: the inflater would
        // read on through the rest of the file.
        let payload: [UInt8] = [0x00, 0xFF, 0xFF, 0x00, 0x00] + Array(repeating: 0x41, count: 10)
        let zip = TabularRawZip.make([.init(name: "_rels/.rels", method: 8, payload: payload, declaredSize: 65_535, crc: 0)])
        guard case .corrupt(let why) = Self.readError(zip) else {
            Issue.record("expected corrupt, got \(String(describing: Self.readError(zip)))")
            return
        }
        #expect(why.contains("_rels/.rels"))
    }

    @Test("an entry whose data runs past the end of the file is reported as truncated")
    func entryPastEnd() {
        var zip = [UInt8](TabularRawZip.make([.init(name: "_rels/.rels", method: 0, payload: Array("<x/>".utf8), declaredSize: 4, crc: 0)]))
        // Claim a compressed size of 4 GB - 1 in the central directory.
        let central = zip.indices.first { zip[$0] == 0x50 && zip[$0 + 1] == 0x4B && zip[$0 + 2] == 0x01 && zip[$0 + 3] == 0x02 }!
        zip.replaceSubrange((central + 20)..<(central + 24), with: [0xFE, 0xFF, 0xFF, 0xFF])
        guard case .some(.corrupt) = Self.readError(Data(zip)) else {
            Issue.record("expected corrupt, got \(String(describing: Self.readError(Data(zip))))")
            return
        }
    }

    @Test("a truncated workbook is reported as damaged", arguments: [0.1, 0.5, 0.9, 0.99])
    func truncated(fraction: Double) {
        let cut = Self.validWorkbook.prefix(Int(Double(Self.validWorkbook.count) * fraction))
        guard case .corrupt = Self.readError(cut) else {
            Issue.record("expected corrupt at \(fraction), got \(String(describing: Self.readError(cut)))")
            return
        }
    }

    @Test(
        "files labelled XLSX that are not ZIP archives are refused as not statements",
        arguments: [
            Data("Receipt No.,Completion Time\n".utf8), Data("%PDF-1.7\n%âãÏÓ".utf8), Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]),
            Data(), Data([0x50, 0x4B]),
        ]
    )
    func notZip(data: Data) {
        guard case .notAStatement = Self.readError(data) else {
            Issue.record("expected notAStatement, got \(String(describing: Self.readError(data)))")
            return
        }
    }

    @Test("a ZIP that is not a workbook is refused as not a statement")
    func zipWithoutWorkbook() throws {
        let zip = try XLSXWriter.zip([("word/document.xml", Data("<w:document/>".utf8)), ("_rels/.rels", Data("<Relationships/>".utf8))])
        guard case .notAStatement = Self.readError(zip) else {
            Issue.record("expected notAStatement, got \(String(describing: Self.readError(zip)))")
            return
        }
    }

    @Test("XML parts with a DTD (entity expansion, external entities) are refused")
    func documentTypeDeclarations() throws {
        let sheet = """
            <?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>
            """
        var parts = try Archive(data: Self.validWorkbook, accessMode: .read).map { entry -> (path: String, data: Data) in
            var data = Data()
            _ = try Archive(data: Self.validWorkbook, accessMode: .read).extract(entry) { data.append($0) }
            return (entry.path, data)
        }
        parts = parts.map { $0.path == "xl/worksheets/sheet1.xml" ? ($0.path, Data(sheet.utf8)) : $0 }
        guard case .corrupt(let why) = Self.readError(try XLSXWriter.zip(parts)) else {
            Issue.record("expected corrupt")
            return
        }
        #expect(why.contains("DTD"))
    }

    @Test("malformed XML in a part is reported as damaged")
    func malformedXML() throws {
        let data = try XLSXWorkbookTests.workbook(sheet: "<x:row r=\"1\"><x:c r=\"A1\"><x:v>1</x:v></x:row>")
        guard case .corrupt = TabularFixtures.error({ () throws(StatementParseError) in try XLSXWorkbook(data: data).sheet(at: 0) }) else {
            Issue.record("expected corrupt")
            return
        }
    }

    @Test("randomly damaged workbooks never crash or hang the reader")
    func fuzzedWorkbooks() {
        var generator = TabularSeededGenerator(seed: 2024)
        let original = [UInt8](Self.validWorkbook)
        var outcomes: [String: Int] = [:]
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            let outcome = Self.readError(Data(bytes)).map { "\($0)".prefix(20) } ?? "read"
            outcomes[String(outcome), default: 0] += 1
        }
        #expect(outcomes.values.reduce(0, +) == 300)
    }
}

/// Builds ZIP archives byte by byte, for shapes no ZIP library will write (lying sizes, endless streams).
enum TabularRawZip {
    struct Entry {
        var name: String
        var method: UInt16
        var payload: [UInt8]
        var declaredSize: UInt32
        var crc: UInt32
    }

    static func make(_ entries: [Entry]) -> Data {
        var output: [UInt8] = []
        var central: [UInt8] = []
        func u16(_ value: UInt16, _ into: inout [UInt8]) { into += [UInt8(value & 0xFF), UInt8(value >> 8)] }
        func u32(_ value: UInt32, _ into: inout [UInt8]) { for shift in stride(from: 0, to: 32, by: 8) { into.append(UInt8((value >> UInt32(shift)) & 0xFF)) } }
        for entry in entries {
            let offset = UInt32(output.count)
            let name = Array(entry.name.utf8)
            u32(0x0403_4B50, &output); u16(20, &output); u16(0, &output); u16(entry.method, &output); u16(0, &output); u16(0x21, &output)
            u32(entry.crc, &output); u32(UInt32(entry.payload.count), &output); u32(entry.declaredSize, &output)
            u16(UInt16(name.count), &output); u16(0, &output)
            output += name + entry.payload
            u32(0x0201_4B50, &central); u16(20, &central); u16(20, &central); u16(0, &central); u16(entry.method, &central)
            u16(0, &central); u16(0x21, &central); u32(entry.crc, &central); u32(UInt32(entry.payload.count), &central)
            u32(entry.declaredSize, &central); u16(UInt16(name.count), &central); u16(0, &central); u16(0, &central); u16(0, &central)
            u16(0, &central); u32(0, &central); u32(offset, &central)
            central += name
        }
        let centralOffset = UInt32(output.count)
        output += central
        u32(0x0605_4B50, &output); u16(0, &output); u16(0, &output); u16(UInt16(entries.count), &output); u16(UInt16(entries.count), &output)
        u32(UInt32(central.count), &output); u32(centralOffset, &output); u16(0, &output)
        return Data(output)
    }
}
