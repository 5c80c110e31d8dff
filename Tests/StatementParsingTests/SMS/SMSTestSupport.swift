import MPesaCore
import StatementGeneration
import StatementParsing

/// The generator's seeded random source, with the two helpers these tests use.
typealias SMSTestRandom = SeededRandom

extension SeededRandom {
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

    /// A well-formed receipt for a date: its code, then seven random capitals and digits.
    static func receipt(for time: LocalDateTime, _ random: inout SMSTestRandom) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return ReceiptDateCode.encode(time) + String((0..<7).map { _ in random.element(alphabet) })
    }

    /// The facts of a parsed transaction in the renderer's terms, for comparing round trips.
    static func facts(_ transaction: ParsedTransaction) -> SMSTransaction {
        SMSTransaction(transaction)
    }
}
