@testable import AuthService
import Testing

@Suite("Parsing what clients send")
struct RequestParsingTests {
    @Test("form-encoded token requests decode + and percent escapes, first value wins")
    func form() {
        let fields = FormFields.parse("grant_type=client_credentials&client_secret=mpk_ab%2Bcd_x+y&client_secret=second&flag")
        #expect(fields["grant_type"] == "client_credentials")
        #expect(fields["client_secret"] == "mpk_ab+cd_x y")
        #expect(fields["flag"] == "")
    }

    @Test("e-mail addresses are trimmed and lower-cased", arguments: [("  Wanjiku@Duka.CO.KE ", "wanjiku@duka.co.ke")])
    func email(input: String, expected: String) throws {
        #expect(try AccountService.normalizedEmail(input) == expected)
    }

    @Test("malformed e-mail addresses are refused", arguments: [
        "", "no-at-sign", "two@@example.com", "@example.com", "user@", "user@localhost", "user@.example.com", "a b@example.com",
        "evil@example.com\r\nBcc: victim@example.com", "x@example.com>", String(repeating: "a", count: 250) + "@example.com",
    ])
    func badEmail(input: String) {
        #expect(throws: (any Error).self) { try AccountService.normalizedEmail(input) }
    }
}
