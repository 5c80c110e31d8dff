import Foundation
import ZIPFoundation

/// The parts of an XLSX (a ZIP of XML files), extracted one by one under a ZIP-bomb defence.
///
/// ZIPFoundation reads the central directory (entries, paths, declared sizes, checksums). Before anything is
/// expanded the entry count, each declared size, their total and each entry's compression ratio are checked;
/// while expanding, the bytes actually produced are counted against the same limits, because declared sizes
/// can lie. Inflation uses ZIPFoundation's `Data.decompress` over exactly the entry's compressed bytes: its
/// `Archive.extract` keeps reading past a deflate stream that never ends until the end of the file and then
/// spins forever on Linux, which a hostile file can trigger, so the entry's data is located here and handed
/// over with a provider that fails instead of running dry.
struct XLSXPackage {
    /// What the central directory says about one entry.
    private struct Listing {
        var isFile: Bool
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var checksum: CRC32
    }

    private let data: Data
    private let limits: TabularLimits
    private let listings: [String: Listing]
    private let localHeaders: [String: [Int]]
    /// Bytes that may still be expanded, across all parts extracted so far.
    private var budget: Int

    /// Opens the ZIP and reads its directory; nothing is expanded yet.
    init(data: Data, limits: TabularLimits) throws(StatementParseError) {
        guard data.count <= limits.maxInputBytes else {
            throw .tooLarge("the workbook is \(data.count) bytes; the limit is \(limits.maxInputBytes) bytes")
        }
        try Self.checkSignature(data)
        let directory: URL
        do {
            directory = try Self.makePrivateDirectory()
        } catch {
            throw .corrupt("the workbook could not be staged for reading (\(error))")
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        // A file-backed archive: ZIPFoundation's in-memory backing traps when a hostile offset points past the end.
        let file = directory.appendingPathComponent("workbook.zip")
        let archive: Archive
        do {
            try data.write(to: file)
            archive = try Archive(url: file, accessMode: .read)
        } catch {
            throw .corrupt("the workbook is not a readable ZIP archive")
        }

        var listings: [String: Listing] = [:]
        var count = 0
        for entry in archive {
            count += 1
            guard count <= limits.maxZipEntries else {
                throw .tooLarge("the workbook holds more than \(limits.maxZipEntries) files")
            }
            listings[entry.path] = Listing(
                isFile: entry.type == .file, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize,
                checksum: entry.checksum
            )
        }
        guard count > 0 else { throw .corrupt("the ZIP archive has no entries") }
        self.data = data
        self.limits = limits
        self.listings = listings
        self.localHeaders = Self.localHeaderOffsets(in: data, for: Set(listings.keys))
        self.budget = limits.maxUncompressedBytes
    }

    /// Expands one entry, nil if the archive has no such entry. Declared sizes are checked before expanding and
    /// the bytes produced are counted while expanding.
    mutating func extract(_ path: String) throws(StatementParseError) -> Data? {
        guard let listing = listings[path] else { return nil }
        guard listing.isFile else { throw .corrupt("\(path) is not a regular file") }
        try Self.checkRatio(path: path, expanded: listing.uncompressedSize, compressed: listing.compressedSize, limits: limits)
        guard listing.uncompressedSize <= UInt64(budget) else {
            throw .tooLarge("the workbook expands to more than \(limits.maxUncompressedBytes) bytes")
        }
        let part = try Self.extract(path, listing, from: data, localHeaders: localHeaders[path] ?? [], budget: budget, limits: limits)
        budget -= part.count
        return part
    }

    // MARK: - Checks

    private static func checkSignature(_ data: Data) throws(StatementParseError) {
        let head = [UInt8](data.prefix(8))
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw .notAStatement("the file is a legacy Excel 97–2003 (.xls) or password-protected workbook, not an XLSX")
        }
        guard head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) else {
            throw .notAStatement("the file is not an XLSX workbook (it is not a ZIP archive)")
        }
        // The end-of-central-directory record sits in the last 64 KiB + 22 bytes; without it the file was cut short.
        let tailStart = max(0, data.count - 65_557)
        let found = data.withUnsafeBytes { raw -> Bool in
            let bytes = raw.bindMemory(to: UInt8.self)
            var index = bytes.count - 22
            while index >= tailStart {
                if bytes[index] == 0x50, bytes[index + 1] == 0x4B, bytes[index + 2] == 0x05, bytes[index + 3] == 0x06 { return true }
                index -= 1
            }
            return false
        }
        guard found else { throw .corrupt("the XLSX is truncated: its ZIP directory is missing") }
    }

    private static func checkRatio(path: String, expanded: UInt64, compressed: UInt64, limits: TabularLimits) throws(StatementParseError) {
        guard expanded > UInt64(limits.ratioCheckThreshold) else { return }
        guard expanded / max(compressed, 1) <= UInt64(limits.maxCompressionRatio) else {
            throw .tooLarge(
                "\(path) expands \(expanded / max(compressed, 1))-fold (more than \(limits.maxCompressionRatio)-fold): a ZIP bomb"
            )
        }
    }

    private static func makePrivateDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mpesa-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        return directory
    }

    // MARK: - Extraction

    /// The offsets of local file headers whose name is one of `names`.
    private static func localHeaderOffsets(in data: Data, for names: Set<String>) -> [String: [Int]] {
        guard !names.isEmpty else { return [:] }
        let lengths = Set(names.map(\.utf8.count))
        var result: [String: [Int]] = [:]
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var index = 0
            while index + 30 <= bytes.count {
                defer { index += 1 }
                guard bytes[index] == 0x50, bytes[index + 1] == 0x4B, bytes[index + 2] == 0x03, bytes[index + 3] == 0x04 else { continue }
                let nameLength = Int(bytes[index + 26]) | Int(bytes[index + 27]) << 8
                guard lengths.contains(nameLength), index + 30 + nameLength <= bytes.count else { continue }
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 30)..<(index + 30 + nameLength)]), as: UTF8.self)
                if names.contains(name) { result[name, default: []].append(index) }
            }
        }
        return result
    }

    private struct StreamOverrun: Error {}
    private struct ExpansionLimit: Error { var reason: String }

    private static func extract(
        _ path: String, _ entry: Listing, from data: Data, localHeaders: [Int], budget: Int, limits: TabularLimits
    ) throws(StatementParseError) -> Data {
        guard let header = localHeaders.first else { throw .corrupt("\(path) is listed but its data is missing") }
        let bytes = [UInt8](data[(data.startIndex + header)..<(data.startIndex + header + 30)])
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        let flags = u16(6)
        let method = u16(8)
        guard flags & 1 == 0 else { throw .corrupt("\(path) is encrypted") }
        let dataStart = header + 30 + u16(26) + u16(28)
        let compressedSize = entry.compressedSize
        guard compressedSize <= UInt64(data.count), dataStart + Int(compressedSize) <= data.count else {
            throw .corrupt("the XLSX is truncated: \(path) runs past the end of the file")
        }
        let range = (data.startIndex + dataStart)..<(data.startIndex + dataStart + Int(compressedSize))
        let declared = entry.uncompressedSize
        let cap = min(UInt64(budget), declared)

        var output = Data()
        switch method {
        case 0:
            guard UInt64(range.count) <= cap else {
                throw .tooLarge("\(path) is larger than declared or than the \(limits.maxUncompressedBytes)-byte limit")
            }
            output = data.subdata(in: range)
            guard output.crc32(checksum: 0) == entry.checksum else { throw .corrupt("\(path) fails its checksum") }
        case 8:
            output.reserveCapacity(Int(min(cap, 16 * 1024 * 1024)))
            var consumed = 0
            do {
                let checksum = try Data.decompress(
                    size: Int64(compressedSize), bufferSize: 64 * 1024, skipCRC32: false,
                    provider: { _, chunkSize in
                        guard consumed < range.count else { throw StreamOverrun() }
                        let start = range.lowerBound + consumed
                        let end = min(start + chunkSize, range.upperBound)
                        consumed = end - range.lowerBound
                        return data.subdata(in: start..<end)
                    },
                    consumer: { chunk in
                        output.append(chunk)
                        if UInt64(output.count) > cap {
                            throw ExpansionLimit(
                                reason: UInt64(output.count) > declared
                                    ? "\(path) expands beyond its declared size of \(declared) bytes (a ZIP bomb)"
                                    : "the workbook expands to more than \(limits.maxUncompressedBytes) bytes"
                            )
                        }
                        if output.count > limits.ratioCheckThreshold, output.count / max(consumed, 1) > limits.maxCompressionRatio {
                            throw ExpansionLimit(reason: "\(path) expands more than \(limits.maxCompressionRatio)-fold: a ZIP bomb")
                        }
                    }
                )
                guard checksum == entry.checksum else { throw StatementParseError.corrupt("\(path) fails its checksum") }
            } catch let error as ExpansionLimit {
                throw .tooLarge(error.reason)
            } catch is StreamOverrun {
                throw .corrupt("\(path) is cut short or damaged (its compressed data does not end)")
            } catch let error as StatementParseError {
                throw error
            } catch {
                throw .corrupt("\(path) is damaged and cannot be decompressed")
            }
        default:
            throw .corrupt("\(path) uses an unsupported compression method (\(method))")
        }
        guard UInt64(output.count) == declared else {
            throw .corrupt("\(path) has \(output.count) bytes but the ZIP directory declares \(declared)")
        }
        return output
    }
}
