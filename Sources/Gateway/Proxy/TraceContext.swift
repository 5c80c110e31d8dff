/// The W3C trace context of one proxied request (Trace Context Level 1): the caller's trace continued, or a new
/// one started at the edge, with a span id of the gateway's own for the hop it forwards.
struct TraceContext: Sendable, Equatable {
    var traceID: String
    var spanID: String
    var parentSpanID: String?
    var flags: String

    /// Continues `traceparent` when it is valid (version 00, non-zero ids, lowercase hex), else starts a trace.
    init(traceparent: String?, generator: inout some RandomNumberGenerator) {
        spanID = Self.hex(generator.next() as UInt64, digits: 16)
        if let traceparent, let parsed = Self.parse(traceparent) {
            traceID = parsed.traceID
            parentSpanID = parsed.parent
            flags = parsed.flags
        } else {
            traceID = Self.hex(generator.next() as UInt64, digits: 16) + Self.hex(generator.next() as UInt64, digits: 16)
            parentSpanID = nil
            flags = "01"
        }
    }

    /// The header sent upstream: the same trace, with the gateway's span as the parent.
    var traceparent: String { "00-\(traceID)-\(spanID)-\(flags)" }

    static func parse(_ header: String) -> (traceID: String, parent: String, flags: String)? {
        let utf8 = header.utf8
        guard utf8.count == 55 else { return nil }
        let parts = header.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "00", parts[1].utf8.count == 32, parts[2].utf8.count == 16, parts[3].utf8.count == 2,
            parts.allSatisfy({ $0.utf8.allSatisfy(isLowerHex) }),
            parts[1].utf8.contains(where: { $0 != UInt8(ascii: "0") }), parts[2].utf8.contains(where: { $0 != UInt8(ascii: "0") })
        else { return nil }
        return (String(parts[1]), String(parts[2]), String(parts[3]))
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (97...102).contains(byte)
    }

    /// `value` as lowercase hex, zero-padded to `digits` (at most 16); never all zeros, which W3C forbids.
    static func hex(_ value: UInt64, digits: Int) -> String {
        let value = value == 0 ? 1 : value
        return String(unsafeUninitializedCapacity: digits) { buffer in
            for index in 0..<digits {
                let nibble = UInt8((value >> UInt64(4 * (digits - 1 - index))) & 0xF)
                buffer[index] = nibble < 10 ? 48 + nibble : 87 + nibble
            }
            return digits
        }
    }
}
