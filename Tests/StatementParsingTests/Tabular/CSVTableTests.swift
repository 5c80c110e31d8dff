import Foundation
import StatementGeneration
import StatementParsing
import Testing

@Suite("CSV table reader")
struct CSVTableTests {
    @Test("quoted fields keep their commas, doubled quotes and line breaks")
    func quotedFields() throws {
        let text = "a,\"b,c\",\"say \"\"hi\"\"\",\"line one\r\nline two\"\r\n\"\",x,\"\",\"end\"\r\n"
        let table = try CSVTable(data: Data(text.utf8))
        #expect(table.rows == [["a", "b,c", "say \"hi\"", "line one\r\nline two"], ["", "x", "", "end"]])
        #expect(table.line(ofRow: 0) == 1)
        #expect(table.line(ofRow: 1) == 3, "the second record starts on line 3 because the first spans two lines")
    }

    @Test("CRLF, LF and CR line endings all end a record", arguments: ["\r\n", "\n", "\r"])
    func lineEndings(ending: String) throws {
        let table = try CSVTable(data: Data(["h1,h2", "1,2", "3,4"].joined(separator: ending).utf8))
        #expect(table.rows == [["h1", "h2"], ["1", "2"], ["3", "4"]])
    }

    @Test("blank lines and trailing empty lines are dropped but line numbers stay true")
    func blankLines() throws {
        let table = try CSVTable(data: Data("a,b\n\n,\nc,d\n\n\n".utf8))
        #expect(table.rows == [["a", "b"], ["c", "d"]])
        #expect(table.line(ofRow: 1) == 4)
    }

    @Test("ragged rows keep their own widths and read empty past their end")
    func raggedRows() throws {
        let table = try CSVTable(data: Data("a,b,c\n1,2\n3,4,5,6\n7,\n".utf8))
        #expect((0..<table.rowCount).map(table.columnCount(ofRow:)) == [3, 2, 4, 2])
        #expect(table.cell(row: 1, column: 2) == .empty)
        #expect(table.cell(row: 3, column: 1) == .empty)
        #expect(table.cell(row: 2, column: 3) == .text("6"))
    }

    @Test("an unterminated quote takes the rest of the file instead of failing")
    func unterminatedQuote() throws {
        let table = try CSVTable(data: Data("a,\"b\nc".utf8))
        #expect(table.rows == [["a", "b\nc"]])
    }

    @Test("a UTF-8 byte order mark is skipped")
    func utf8BOM() throws {
        let table = try CSVTable(data: Data([0xEF, 0xBB, 0xBF] + Array("Receipt No.,Details\nX,Ngʼang'a\n".utf8)))
        #expect(table.hadByteOrderMark)
        #expect(table.encoding == .utf8)
        #expect(table.rows == [["Receipt No.", "Details"], ["X", "Ngʼang'a"]])
    }

    @Test("UTF-16 files with a byte order mark are decoded", arguments: [true, false])
    func utf16(littleEndian: Bool) throws {
        let text = "Receipt No.,Details\r\nX,\"Müller, Ngʼang'a 🇰🇪\"\r\n"
        let body = text.data(using: littleEndian ? .utf16LittleEndian : .utf16BigEndian)!
        let bom: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
        let table = try CSVTable(data: Data(bom) + body)
        #expect(table.encoding == (littleEndian ? .utf16LittleEndian : .utf16BigEndian))
        #expect(table.rows == [["Receipt No.", "Details"], ["X", "Müller, Ngʼang'a 🇰🇪"]])
    }

    @Test("UTF-16 without a byte order mark is recognised from its zero bytes")
    func utf16WithoutBOM() throws {
        let table = try CSVTable(data: "Receipt No.,Details\nX,Müller\n".data(using: .utf16LittleEndian)!)
        #expect(table.encoding == .utf16LittleEndian)
        #expect(table.rows == [["Receipt No.", "Details"], ["X", "Müller"]])
    }

    @Test("Windows-1252 names are decoded when the bytes are not UTF-8")
    func windows1252() throws {
        // "Ng’ang'a" (’ is 0x92 in Windows-1252) and "Müller" (ü is 0xFC); Ngʼang'a's U+02BC has no 1252 byte.
        let bytes = Array("Receipt No.,Details\nX,Ng".utf8) + [0x92] + Array("ang'a\nY,M".utf8) + [0xFC] + Array("ller ".utf8) + [0x80]
            + Array("5\n".utf8)
        let table = try CSVTable(bytes: bytes)
        #expect(table.encoding == .windows1252)
        #expect(table.rows == [["Receipt No.", "Details"], ["X", "Ng’ang'a"], ["Y", "Müller €5"]])
    }

    @Test("a file mixing UTF-8 and Windows-1252 fields decodes each field on its own")
    func mixedEncodings() throws {
        let bytes = Array("Name,Other\nNgʼang'a,M".utf8) + [0xFC] + Array("ller\n".utf8)
        let table = try CSVTable(bytes: bytes)
        #expect(table.encoding == .mixed)
        #expect(table.rows == [["Name", "Other"], ["Ngʼang'a", "Müller"]])
    }

    @Test("invalid bytes of every kind never crash the reader")
    func hostileBytes() throws {
        var generator = TabularSeededGenerator(seed: 42)
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0...400, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let table = try CSVTable(bytes: bytes)
            for row in 0..<table.rowCount {
                for column in 0..<table.columnCount(ofRow: row) { _ = table.string(row: row, column: column) }
            }
        }
    }

    @Test("files past the byte, row or column limits are refused as too large")
    func limits() {
        let tight = TabularLimits(maxInputBytes: 64, maxRows: 3, maxColumns: 4)
        let cases: [(String, Data)] = [
            ("bytes", Data(repeating: 0x61, count: 65)),
            ("rows", Data("a\nb\nc\nd\n".utf8)),
            ("columns", Data("a,b,c,d,e\n".utf8)),
        ]
        for (name, data) in cases {
            let error = TabularFixtures.error { () throws(StatementParseError) in try CSVTable(data: data, limits: tight) }
            guard case .tooLarge = error else {
                Issue.record("\(name): expected tooLarge, got \(String(describing: error))")
                continue
            }
        }
    }

    @Test("the CSV writer quotes exactly the fields that need it and reads back unchanged")
    func writerRoundTrip() throws {
        let rows = [["plain", "with,comma", "with \"quote\"", "two\nlines", " padded ", ""], ["CR\ronly", "Ngʼang'a", "Müller"]]
        for ending in [CSVWriter.LineEnding.crlf, .lf] {
            let data = CSVWriter(lineEnding: ending, includesByteOrderMark: true).write(rows)
            let table = try CSVTable(data: data)
            #expect(table.rows == [rows[0], rows[1]])
        }
        #expect(CSVWriter.quoted("a\"b") == "\"a\"\"b\"")
        #expect(CSVWriter.quoted("abc") == "abc")
    }
}

/// A small deterministic random source (SplitMix64), so "random" inputs are the same on every run.
typealias TabularSeededGenerator = SeededRandom

