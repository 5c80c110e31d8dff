import Foundation

/// An RFC 4180 CSV file read into rows of text cells, straight from its bytes.
///
/// Quoted fields may hold commas, doubled quotes and line breaks; lines end in CRLF, LF or CR; rows may be
/// ragged; blank lines (and rows whose every cell is empty) are dropped. The text is decoded once: UTF-8 with or
/// without BOM, UTF-16 LE/BE, and any field that is not valid UTF-8 is read as Windows-1252, so a file mixing
/// the two still reads. Cells are kept as one UTF-8 buffer plus offsets, so reading a million rows allocates a
/// handful of arrays rather than millions of strings.
public struct CSVTable: TabularSheet, Sendable {
    /// The encoding the bytes were in.
    public let encoding: CSVTextEncoding
    /// Whether the file started with a byte order mark.
    public let hadByteOrderMark: Bool

    /// Every cell's UTF-8 text, back to back.
    private let storage: [UInt8]
    /// The end offset in `storage` of each cell; a cell starts where the previous one ended.
    private let cellEnds: [UInt32]
    /// For each row, the index of its first cell in `cellEnds`; one extra entry closes the last row.
    private let rowFirstCell: [UInt32]
    /// For each row, the 1-based physical line it starts on.
    private let rowLines: [UInt32]

    /// Reads CSV bytes, enforcing the size, row and column limits.
    public init(data: Data, limits: TabularLimits = .default) throws(StatementParseError) {
        guard data.count <= limits.maxInputBytes else {
            throw .tooLarge("the CSV file is \(data.count) bytes; the limit is \(limits.maxInputBytes) bytes")
        }
        let result: Result<CSVTable, StatementParseError> = data.withUnsafeBytes { raw in
            Result { () throws(StatementParseError) in try CSVTable(bytes: raw.bindMemory(to: UInt8.self), limits: limits) }
        }
        self = try result.get()
    }

    /// Reads CSV bytes, enforcing the size, row and column limits.
    public init(bytes: [UInt8], limits: TabularLimits = .default) throws(StatementParseError) {
        let result: Result<CSVTable, StatementParseError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(StatementParseError) in try CSVTable(bytes: buffer, limits: limits) }
        }
        self = try result.get()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, limits: TabularLimits) throws(StatementParseError) {
        guard bytes.count <= limits.maxInputBytes else {
            throw .tooLarge("the CSV file is \(bytes.count) bytes; the limit is \(limits.maxInputBytes) bytes")
        }
        guard bytes.count < Int(UInt32.max) / 3 else { throw .tooLarge("the CSV file is \(bytes.count) bytes") }
        if let (utf16, bomLength) = CSVTextEncoding.utf16ByteOrder(of: bytes) {
            let body = UnsafeBufferPointer(rebasing: bytes[bomLength...])
            let utf8 = CSVTextEncoding.transcodeUTF16(body, bigEndian: utf16 == .utf16BigEndian)
            var parser = Parser(limits: limits, expectedBytes: utf8.count)
            try utf8.withUnsafeBufferPointer { (buffer) throws(StatementParseError) in try parser.parse(buffer) }
            self.init(parser: parser, encoding: utf16, hadByteOrderMark: bomLength > 0)
            return
        }
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var parser = Parser(limits: limits, expectedBytes: bytes.count)
        try parser.parse(UnsafeBufferPointer(rebasing: bytes[start...]))
        let encoding: CSVTextEncoding =
            switch (parser.sawUTF8, parser.sawWindows1252) {
            case (_, false): .utf8
            case (false, true): .windows1252
            case (true, true): .mixed
            }
        self.init(parser: parser, encoding: encoding, hadByteOrderMark: start > 0)
    }

    private init(parser: Parser, encoding: CSVTextEncoding, hadByteOrderMark: Bool) {
        self.storage = parser.storage
        self.cellEnds = parser.cellEnds
        self.rowFirstCell = parser.rowFirstCell
        self.rowLines = parser.rowLines
        self.encoding = encoding
        self.hadByteOrderMark = hadByteOrderMark
    }

    public var rowCount: Int { rowLines.count }

    public func columnCount(ofRow row: Int) -> Int {
        Int(rowFirstCell[row + 1] - rowFirstCell[row])
    }

    public func line(ofRow row: Int) -> Int { Int(rowLines[row]) }

    public func cell(row: Int, column: Int) -> TabularCell {
        let text = string(row: row, column: column)
        return text.isEmpty ? .empty : .text(text)
    }

    /// The cell's text, or "" past the end of a ragged row.
    public func string(row: Int, column: Int) -> String {
        withUTF8(row: row, column: column) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the cell's UTF-8 bytes (empty past the end of a ragged row), without making a String.
    public func withUTF8<Result>(row: Int, column: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        let first = Int(rowFirstCell[row])
        guard column >= 0, column < Int(rowFirstCell[row + 1]) - first else {
            return try body(UnsafeBufferPointer(start: nil, count: 0))
        }
        let index = first + column
        let start = index == 0 ? 0 : Int(cellEnds[index - 1])
        let end = Int(cellEnds[index])
        return try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    /// Every row as strings; convenient for tests and small files.
    public var rows: [[String]] {
        (0..<rowCount).map { row in (0..<columnCount(ofRow: row)).map { string(row: row, column: $0) } }
    }
}

extension CSVTable {
    /// The single-pass state machine over UTF-8 (or ASCII-compatible) bytes.
    private struct Parser {
        let limits: TabularLimits
        var storage: [UInt8] = []
        var cellEnds: [UInt32] = []
        var rowFirstCell: [UInt32] = [0]
        var rowLines: [UInt32] = []
        var sawUTF8 = false
        var sawWindows1252 = false

        init(limits: TabularLimits, expectedBytes: Int) {
            self.limits = limits
            storage.reserveCapacity(expectedBytes)
            cellEnds.reserveCapacity(expectedBytes / 12)
            rowLines.reserveCapacity(expectedBytes / 80)
            rowFirstCell.reserveCapacity(expectedBytes / 80)
        }

        mutating func parse(_ input: UnsafeBufferPointer<UInt8>) throws(StatementParseError) {
            let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
            let end = input.count
            var position = 0
            var line = 1
            var rowLine = 1
            var rowStorageStart = 0
            var rowCellStart = 0
            guard end > 0 else { return }

            while true {
                // One field.
                let fieldStart = storage.count
                var high: UInt8 = 0
                if position < end, input[position] == quote {
                    position += 1
                    while true {
                        let segment = position
                        while position < end {
                            let byte = input[position]
                            if byte == quote { break }
                            if byte == lf { line += 1 }
                            high |= byte
                            position += 1
                        }
                        storage.append(contentsOf: UnsafeBufferPointer(rebasing: input[segment..<position]))
                        if position >= end { break }
                        if position + 1 < end, input[position + 1] == quote {
                            storage.append(quote)
                            position += 2
                            continue
                        }
                        position += 1
                        break
                    }
                    // Text after a closing quote (`"abc"def`) is malformed; keep it rather than lose it.
                    let trailing = position
                    while position < end {
                        let byte = input[position]
                        if byte == comma || byte == lf || byte == cr { break }
                        high |= byte
                        position += 1
                    }
                    if position > trailing {
                        storage.append(contentsOf: UnsafeBufferPointer(rebasing: input[trailing..<position]))
                    }
                } else {
                    let segment = position
                    while position < end {
                        let byte = input[position]
                        if byte == comma || byte == lf || byte == cr { break }
                        high |= byte
                        position += 1
                    }
                    if position > segment {
                        storage.append(contentsOf: UnsafeBufferPointer(rebasing: input[segment..<position]))
                    }
                }
                if high >= 0x80 { decodeField(from: fieldStart) }
                cellEnds.append(UInt32(storage.count))
                if cellEnds.count - rowCellStart > limits.maxColumns {
                    throw .tooLarge("line \(rowLine) has more than \(limits.maxColumns) columns")
                }

                // The delimiter after it.
                if position < end, input[position] == comma {
                    position += 1
                    continue
                }
                // End of record: a line break or the end of the input.
                if storage.count == rowStorageStart {
                    cellEnds.removeLast(cellEnds.count - rowCellStart)
                } else {
                    rowLines.append(UInt32(truncatingIfNeeded: rowLine))
                    rowFirstCell.append(UInt32(cellEnds.count))
                    if rowLines.count > limits.maxRows {
                        throw .tooLarge("the table has more than \(limits.maxRows) rows")
                    }
                }
                if position >= end { break }
                if input[position] == cr {
                    position += 1
                    if position < end, input[position] == lf { position += 1 }
                } else {
                    position += 1
                }
                line += 1
                if position >= end { break }
                rowLine = line
                rowStorageStart = storage.count
                rowCellStart = cellEnds.count
            }
        }

        /// Keeps a field's bytes if they are UTF-8, otherwise re-reads them as Windows-1252.
        private mutating func decodeField(from start: Int) {
            let valid = storage.withUnsafeBufferPointer { CSVTextEncoding.isValidUTF8(UnsafeBufferPointer(rebasing: $0[start...])) }
            if valid {
                sawUTF8 = true
                return
            }
            sawWindows1252 = true
            let raw = Array(storage[start...])
            storage.removeLast(storage.count - start)
            raw.withUnsafeBufferPointer { CSVTextEncoding.appendWindows1252($0, to: &storage) }
        }
    }
}
