import MPesaCore
import Testing

@Suite("Money")
struct MoneyTests {
    @Test("amounts as statements print them parse to exact cents", arguments: [
        ("1,234.50", 123_450), ("0.01", 1), ("5", 500), ("-20.00", -2_000), ("(1,000.00)", -100_000),
        ("Ksh1,000", 100_000), ("KES 5.5", 550), ("1,000,000.99", 100_000_099), ("  42.00 ", 4_200),
    ] as [(String, Int64)])
    func parsing(text: String, cents: Int64) throws {
        #expect(try Money(parsing: text).cents == cents)
    }

    @Test("malformed amounts are errors, not guesses", arguments: ["", "abc", "1,23.00", "1.234", "12,34", "--5", "1.2.3", "١٢٣", "KES"])
    func malformed(text: String) {
        #expect(throws: MoneyError.self) { try Money(parsing: text) }
    }

    @Test("amounts too large for Int64 cents are an overflow error")
    func overflow() {
        #expect(throws: MoneyError.overflow) { try Money(parsing: "999,999,999,999,999,999,999.00") }
        #expect(throws: MoneyError.overflow) { try Money(cents: .max).adding(Money(cents: 1)) }
    }

    @Test("formatting groups thousands and always shows two decimals", arguments: [
        (123_450, "KES 1,234.50"), (5, "KES 0.05"), (-2_000, "KES -20.00"), (100_000_000, "KES 1,000,000.00"), (0, "KES 0.00"),
    ] as [(Int64, String)])
    func formatting(cents: Int64, text: String) {
        #expect(Money(cents: cents).description == text)
    }

    @Test("formatting and parsing round-trip")
    func roundTrip() throws {
        for cents: Int64 in [0, 1, 99, 100, 101, 123_456_789, -987_654_321, Int64.max / 2] {
            #expect(try Money(parsing: Money(cents: cents).decimalString).cents == cents)
        }
    }
}

@Suite("Tenant identifiers")
struct TenantIDTests {
    @Test("safe identifiers are accepted", arguments: ["acme", "t_01hx7", "a", String(repeating: "a", count: 63)])
    func valid(id: String) throws {
        #expect(try TenantID(id).rawValue == id)
    }

    @Test("anything that could break out of a SQL identifier or a path is refused", arguments: [
        "", "Acme", "1acme", "acme-co", "acme;drop", "../etc", "a b", "\"x\"", String(repeating: "a", count: 64), "é",
    ])
    func invalid(id: String) {
        #expect(throws: TenantIDError.self) { try TenantID(id) }
    }
}
