import Crypto

/// The order-independent checksum of a set of rows: equal for the same logical rows whatever order they are read in,
/// which backend holds them and which tier.
///
/// Each row is canonicalised (columns sorted by name; each name and value length-prefixed, so no two different rows
/// give the same bytes) and hashed; the sorted row digests are hashed together.
enum RowChecksum {
    static func digest(_ row: TableRow) -> [UInt8] {
        var bytes: [UInt8] = []
        for (column, value) in zip(row.columns, row.values).sorted(by: { $0.0 < $1.0 }) {
            append(Array(column.utf8), to: &bytes)
            append(value.canonicalBytes, to: &bytes)
        }
        return Array(SHA256.hash(data: bytes))
    }

    static func checksum(_ digests: [[UInt8]]) -> String {
        var hasher = SHA256()
        for digest in digests.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            hasher.update(data: digest)
        }
        return hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    private static func append(_ field: [UInt8], to bytes: inout [UInt8]) {
        let count = UInt64(field.count)
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: count >> UInt64(shift))) }
        bytes += field
    }
}
