@testable import AuthService
import Foundation
import HummingbirdOTP
import Testing

@Suite("TOTP codes and recovery codes")
struct SecondFactorTests {
    let secret = "JBSWY3DPEHPK3PXP"

    func code(at date: Date) -> String {
        String(format: "%06d", TOTP(secret: secret).compute(date: date))
    }

    @Test("the current code and its neighbours match; older and newer ones do not")
    func window() {
        let now = Date(timeIntervalSince1970: 1_790_000_015)
        let step = Int64(1_790_000_015) / 30
        #expect(AccountService.matchingStep(secret: secret, code: code(at: now), at: now, after: nil) == step)
        #expect(AccountService.matchingStep(secret: secret, code: code(at: now.addingTimeInterval(-30)), at: now, after: nil) == step - 1)
        #expect(AccountService.matchingStep(secret: secret, code: code(at: now.addingTimeInterval(30)), at: now, after: nil) == step + 1)
        #expect(AccountService.matchingStep(secret: secret, code: code(at: now.addingTimeInterval(-120)), at: now, after: nil) == nil)
    }

    @Test("a code cannot be replayed: a step at or before the last one used is refused")
    func replay() {
        let now = Date(timeIntervalSince1970: 1_790_000_015)
        let step = Int64(1_790_000_015) / 30
        #expect(AccountService.matchingStep(secret: secret, code: code(at: now), at: now, after: step) == nil)
        #expect(AccountService.matchingStep(secret: secret, code: code(at: now), at: now, after: step - 1) == step)
    }

    @Test("malformed codes are refused", arguments: ["", "12345", "1234567", "abcdef", "12 34 5"])
    func malformed(code: String) {
        #expect(AccountService.matchingStep(secret: secret, code: code, at: Date(), after: nil) == nil)
    }

    @Test("a code typed with a space in the middle still works")
    func spaced() {
        let now = Date(timeIntervalSince1970: 1_790_000_015)
        let typed = code(at: now)
        let spacedCode = String(typed.prefix(3)) + " " + String(typed.suffix(3))
        #expect(AccountService.matchingStep(secret: secret, code: spacedCode, at: now, after: nil) != nil)
    }

    @Test("recovery codes are ten characters in two groups, compared without case or dashes")
    func recovery() {
        let code = AccountService.recoveryCode()
        #expect(code.count == 11 && code.dropFirst(5).first == "-")
        #expect(AccountService.normalizedRecovery(code.uppercased()) == AccountService.normalizedRecovery(code.replacingOccurrences(of: "-", with: "")))
    }

    @Test("enrolment secrets are 32 base32 characters (160 bits)")
    func secrets() {
        let generated = AccountService.base32(bytes: 20)
        #expect(generated.count == 32)
        #expect(generated.allSatisfy { "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".contains($0) })
        #expect(generated != AccountService.base32(bytes: 20))
    }
}
