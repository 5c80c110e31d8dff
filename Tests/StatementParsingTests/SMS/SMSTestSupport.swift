import MPesaCore
import StatementGeneration
import StatementParsing

/// SplitMix64: a tiny seeded generator so renderer tests are deterministic on every platform.
struct SMSTestRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    mutating func element<T>(_ options: [T]) -> T {
        options[below(options.count)]
    }
}

/// Fixture helpers: local times and receipts whose date code (§1.7) matches them.
enum SMSFixtures {
    static func time(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int) -> LocalDateTime {
        guard let time = LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute) else {
            preconditionFailure("invalid fixture time \(year)-\(month)-\(day) \(hour):\(minute)")
        }
        return time
    }

    /// The three-character date code of a local date (`R` = 2023, `A` = January, `A` = the 10th).
    static func datePrefix(_ time: LocalDateTime) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let days = Array("123456789ABCDEFGHIJKLMNOPQRSTUV")
        return String([letters[time.year - 2006], letters[time.month - 1], days[time.day - 1]])
    }

    /// A well-formed receipt for a date: its code, then seven random capitals and digits.
    static func receipt(for time: LocalDateTime, _ random: inout SMSTestRandom) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return datePrefix(time) + String((0..<7).map { _ in random.element(alphabet) })
    }

    /// The facts of a parsed transaction in the renderer's terms, for comparing round trips.
    static func facts(_ transaction: ParsedTransaction) -> SMSTransaction {
        SMSTransaction(transaction)
    }
}
