@testable import AuthService
import Testing

@Suite("Password policy")
struct PasswordPolicyTests {
    let policy = PasswordPolicy()

    @Test(
        "weak passwords are refused with a reason",
        arguments: [
            ("short", "at least 10"),
            ("password123", "common"),
            ("qwertyuiop", "common"),
            ("Password2026!", "common password with a few characters added"),
            ("iloveyou!!!", "common"),
            ("wanjiku.kamau.biz", "e-mail"),
            ("my-wanjiku@duka.co.ke-pass", "e-mail"),
            ("aaaaaaaaaaaaaa", "different characters"),
            ("abababababab", "different characters"),
        ]
    )
    func refused(password: String, reason: String) {
        let problem = policy.problem(with: password, email: "wanjiku@duka.co.ke")
        #expect(problem?.lowercased().contains(reason.lowercased()) == true, "\(password): \(problem ?? "accepted")")
    }

    @Test("the bundled list holds tens of thousands of common passwords")
    func listSize() {
        #expect(PasswordPolicy.common.count > 25_000)
        #expect(PasswordPolicy.common.contains("letmein"))
    }

    @Test("strong passwords pass, including long passphrases and non-ASCII", arguments: [
        "correct horse battery staple", "Mpesa-Till-884422-Nakuru", "Ngʼangʼa ana duka la nguo", String(repeating: "long passphrase ", count: 20),
    ])
    func accepted(password: String) {
        #expect(policy.problem(with: password, email: "wanjiku@duka.co.ke") == nil)
    }

    @Test("a short e-mail address is still found inside the password")
    func shortEmail() {
        #expect(policy.problem(with: "xx-jo@ab.io-1234", email: "jo@ab.io") != nil)
    }

    @Test("passwords beyond 72 bytes still count in full: bcrypt sees a digest, not a truncation")
    func longPasswordsDiffer() {
        let base = String(repeating: "a", count: 80)
        #expect(PasswordHasher.prehash(base + "1") != PasswordHasher.prehash(base + "2"))
        #expect(PasswordHasher.prehash(base).utf8.count == 44)
    }
}
