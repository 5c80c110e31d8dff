import Foundation
import HummingbirdOTP
import Platform
import Testing
import TestSupport

/// The account flows a person goes through, end to end through the gateway, on both stores.
@Suite("Accounts through the gateway", .serialized)
struct AccountFlowTests {
    @Test("register, verify the e-mail, log in, refresh with rotation, reuse detection, sessions and logout", arguments: StoreBackend.allCases)
    func accountLifecycle(backend: StoreBackend) async throws {
        try await IdentityCluster.run(backend) { cluster in
            var alice = try await cluster.register("Alice Wanjiku")
            #expect(alice.userID.hasPrefix("usr_"))

            // The token carries the claims of ARCHITECTURE §7.
            let claims = try #require(try JWTParts.payload(alice.access))
            for claim in ["iss", "aud", "sub", "jti", "iat", "nbf", "exp", "sid"] { #expect(claims[claim] != nil, "claim \(claim)") }
            #expect(try JWTParts.header(alice.access)?["alg"] as? String == "EdDSA")

            // Verification link from the development mailbox; it works once.
            var me = try await cluster.call(.GET, "/auth/me", token: alice.access)
            #expect(me["email_verified"] == false)
            let verification = try #require(try cluster.linkToken(to: alice.email, path: "/verify-email"))
            #expect(try await cluster.call(.POST, "/auth/email/verify", ["token": .string(verification)]).status == 204)
            #expect(try await cluster.call(.POST, "/auth/email/verify", ["token": .string(verification)]).status == 422)
            me = try await cluster.call(.GET, "/auth/me", token: alice.access)
            #expect(me["email_verified"] == true)

            // Duplicate e-mail, weak passwords.
            let duplicate = try await cluster.call(.POST, "/auth/register", ["email": .string(alice.email.uppercased()), "password": "Another-long-pass-99", "name": "Alice"])
            #expect(duplicate.status == 409)
            let weak = try await cluster.call(.POST, "/auth/register", ["email": "weak@example.test", "password": "password123", "name": "Weak"])
            #expect(weak.status == 422)
            #expect(weak.headers["content-type"] == "application/problem+json")

            // Login from a second device.
            let login = try await cluster.call(.POST, "/auth/login", ["email": .string(alice.email), "password": .string(alice.password)], headers: ["User-Agent": "PhoneApp/1.0"])
            #expect(login.status == 200)
            #expect(login.headers["cache-control"] == "no-store")
            let phoneRefresh = try #require(login["refresh_token"]?.stringValue)
            let phoneSession = try #require(login["session_id"]?.stringValue)
            let sessions = try await cluster.call(.GET, "/auth/sessions", token: alice.access)
            #expect(sessions["sessions"]?.arrayValue?.count == 2)
            #expect(sessions["sessions"]?.arrayValue?.contains { $0["user_agent"] == "PhoneApp/1.0" } == true)

            // Refresh rotates: the new refresh token works, the old one used again revokes the whole session.
            let rotated = try await cluster.call(.POST, "/auth/refresh", ["refresh_token": .string(alice.refresh)])
            #expect(rotated.status == 200)
            let nextRefresh = try #require(rotated["refresh_token"]?.stringValue)
            #expect(nextRefresh != alice.refresh)
            let reused = try await cluster.call(.POST, "/auth/refresh", ["refresh_token": .string(alice.refresh)])
            #expect(reused.status == 401)
            #expect(try await cluster.call(.POST, "/auth/refresh", ["refresh_token": .string(nextRefresh)]).status == 401, "the family is revoked")
            let rotatedAccess = try #require(rotated["access_token"]?.stringValue)
            #expect(try await cluster.call(.GET, "/auth/me", token: rotatedAccess).status == 401)

            // The phone session is untouched; it can end itself.
            let phone = try await cluster.call(.POST, "/auth/refresh", ["refresh_token": .string(phoneRefresh)])
            #expect(phone.status == 200)
            let phoneAccess = try #require(phone["access_token"]?.stringValue)
            #expect(try await cluster.call(.GET, "/auth/sessions", token: phoneAccess)["sessions"]?.arrayValue?.first?["id"]?.stringValue == phoneSession)
            #expect(try await cluster.call(.POST, "/auth/logout", token: phoneAccess).status == 204)
            #expect(try await cluster.call(.GET, "/auth/me", token: phoneAccess).status == 401)
            #expect(try await cluster.call(.POST, "/auth/refresh", ["refresh_token": .string(phone["refresh_token"]?.stringValue ?? "")]).status == 401)

            // Log in again twice; end one session by id, then every other one, then all.
            alice = try await logIn(cluster, alice)
            let second = try await logIn(cluster, alice)
            #expect(try await cluster.call(.DELETE, "/auth/sessions/\(second.sessionID)", token: alice.access).status == 204)
            #expect(try await cluster.call(.DELETE, "/auth/sessions/\(second.sessionID)", token: alice.access).status == 404)
            #expect(try await cluster.call(.GET, "/auth/me", token: second.access).status == 401)
            let third = try await logIn(cluster, alice)
            #expect(try await cluster.call(.DELETE, "/auth/sessions", token: alice.access).status == 204)
            #expect(try await cluster.call(.GET, "/auth/me", token: third.access).status == 401)
            #expect(try await cluster.call(.GET, "/auth/me", token: alice.access).status == 200)
            #expect(try await cluster.call(.POST, "/auth/logout-all", token: alice.access).status == 204)
            #expect(try await cluster.call(.GET, "/auth/me", token: alice.access).status == 401)
        }
    }

    @Test("browser cookie mode: the refresh token lives only in an httpOnly cookie, spent only with the mode header, cleared on logout", arguments: [StoreBackend.sqlite])
    func cookieMode(backend: StoreBackend) async throws {
        try await IdentityCluster.run(backend) { cluster in
            let alice = try await cluster.register("Alice Cookie")
            let mode = ["X-Session-Cookie": "1"]
            let login = try await cluster.call(.POST, "/auth/login", ["email": .string(alice.email), "password": .string(alice.password)], headers: mode)
            #expect(login.status == 200)
            #expect(login["refresh_token"] == nil, "page scripts never see the refresh token")
            let setCookie = try #require(login.headers["set-cookie"])
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/api/v1/auth"))
            #expect(!setCookie.contains("Secure"), "plain http (local development) gets a cookie the browser keeps")
            let cookie = try #require(setCookie.split(separator: ";").first.map(String.init))
            #expect(cookie.hasPrefix("mpesa_refresh=rt_"))

            // Without the mode header the cookie is not read (a cross-site form cannot set that header).
            let noHeader = try await cluster.raw(.POST, cluster.api("/api/v1/auth/refresh"), body: "{}", headers: ["Cookie": cookie])
            #expect(noHeader.status == 422)
            // With it, an empty body refreshes from the cookie and rotates it.
            let refreshed = try await cluster.raw(.POST, cluster.api("/api/v1/auth/refresh"), headers: mode.merging(["Cookie": cookie]) { a, _ in a })
            #expect(refreshed.status == 200)
            #expect(refreshed["access_token"]?.stringValue != nil)
            let next = try #require(refreshed.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
            #expect(next != cookie)
            // Behind HTTPS (as the gateway reports it) the cookie is Secure.
            let secure = try await cluster.raw(
                .POST, cluster.api("/api/v1/auth/refresh"), body: "{}", headers: mode.merging(["Cookie": next, "X-Forwarded-Proto": "https"]) { a, _ in a })
            #expect(secure.status == 200)
            #expect(secure.headers["set-cookie"]?.contains("; Secure") == true)
            // Reusing a spent cookie revokes the session and tells the browser to forget the cookie.
            let reused = try await cluster.raw(.POST, cluster.api("/api/v1/auth/refresh"), body: "{}", headers: mode.merging(["Cookie": cookie]) { a, _ in a })
            #expect(reused.status == 401)
            #expect(reused.headers["set-cookie"]?.contains("Max-Age=0") == true)

            // Logout clears the cookie.
            let again = try await cluster.call(.POST, "/auth/login", ["email": .string(alice.email), "password": .string(alice.password)], headers: mode)
            let access = try #require(again["access_token"]?.stringValue)
            let logout = try await cluster.call(.POST, "/auth/logout", token: access, headers: mode)
            #expect(logout.status == 204)
            #expect(logout.headers["set-cookie"]?.contains("Max-Age=0") == true)
        }
    }

    @Test("five wrong passwords lock the account for 15 minutes, with the same answer as an unknown e-mail", arguments: StoreBackend.allCases)
    func lockout(backend: StoreBackend) async throws {
        try await IdentityCluster.run(backend) { cluster in
            let bob = try await cluster.register("Bob Otieno")
            let unknown = try await cluster.call(.POST, "/auth/login", ["email": "nobody-here@example.test", "password": "Whatever-password-1"])
            #expect(unknown.status == 401)
            for _ in 1...5 {
                let wrong = try await cluster.call(.POST, "/auth/login", ["email": .string(bob.email), "password": "Not-the-password-1"])
                #expect(wrong.status == 401)
                #expect(wrong.json["detail"] == unknown.json["detail"] && wrong.json["type"] == unknown.json["type"])
            }
            let locked = try await cluster.call(.POST, "/auth/login", ["email": .string(bob.email), "password": .string(bob.password)])
            #expect(locked.status == 401, "the right password is refused while locked")
            #expect(locked.json["detail"] == unknown.json["detail"])
            cluster.clock.advance(by: 14 * 60)
            #expect(try await cluster.call(.POST, "/auth/login", ["email": .string(bob.email), "password": .string(bob.password)]).status == 401)
            cluster.clock.advance(by: 61)
            #expect(try await cluster.call(.POST, "/auth/login", ["email": .string(bob.email), "password": .string(bob.password)]).status == 200)
        }
    }

    @Test("password change logs out other devices; reset by e-mail works once, within 30 minutes", arguments: StoreBackend.allCases)
    func passwords(backend: StoreBackend) async throws {
        try await IdentityCluster.run(backend) { cluster in
            var carol = try await cluster.register("Carol Njeri")
            let other = try await logIn(cluster, carol)
            let wrongCurrent = try await cluster.call(.POST, "/auth/password/change", ["current_password": "wrong-one-entirely", "new_password": "Brand-new-secret-77"], token: carol.access)
            #expect(wrongCurrent.status == 422)
            #expect(try await cluster.call(.POST, "/auth/password/change", ["current_password": .string(carol.password), "new_password": "Brand-new-secret-77"], token: carol.access).status == 204)
            #expect(try await cluster.call(.GET, "/auth/me", token: carol.access).status == 200, "the session that changed it stays")
            #expect(try await cluster.call(.GET, "/auth/me", token: other.access).status == 401)
            carol.password = "Brand-new-secret-77"
            #expect(try await cluster.mailbox.latest(to: carol.email)?.subject.contains("password was changed") == true)

            // Reset: the answer is the same for an unknown e-mail.
            #expect(try await cluster.call(.POST, "/auth/password/forgot", ["email": "nobody-at-all@example.test"]).status == 202)
            #expect(try await cluster.call(.POST, "/auth/password/forgot", ["email": .string(carol.email)]).status == 202)
            let first = try #require(try cluster.linkToken(to: carol.email, path: "/reset-password"))
            #expect(try await cluster.call(.POST, "/auth/password/forgot", ["email": .string(carol.email)]).status == 202)
            let second = try #require(try cluster.linkToken(to: carol.email, path: "/reset-password"))
            #expect(first != second)
            #expect(try await cluster.call(.POST, "/auth/password/reset", ["token": .string(first), "new_password": "Reset-secret-2026x"]).status == 422, "a newer link replaces the old")
            #expect(try await cluster.call(.POST, "/auth/password/reset", ["token": .string(second), "new_password": "short"]).status == 422)
            #expect(try await cluster.call(.POST, "/auth/password/reset", ["token": .string(second), "new_password": "Reset-secret-2026x"]).status == 204)
            #expect(try await cluster.call(.POST, "/auth/password/reset", ["token": .string(second), "new_password": "Reset-secret-2026y"]).status == 422, "single use")
            #expect(try await cluster.call(.GET, "/auth/me", token: carol.access).status == 401, "every session ends on reset")
            #expect(try await cluster.call(.POST, "/auth/login", ["email": .string(carol.email), "password": "Reset-secret-2026x"]).status == 200)

            // A link older than 30 minutes is refused.
            #expect(try await cluster.call(.POST, "/auth/password/forgot", ["email": .string(carol.email)]).status == 202)
            let late = try #require(try cluster.linkToken(to: carol.email, path: "/reset-password"))
            cluster.clock.advance(by: 31 * 60)
            #expect(try await cluster.call(.POST, "/auth/password/reset", ["token": .string(late), "new_password": "Too-late-secret-1"]).status == 422)
        }
    }

    @Test("MFA: enrol, enable with a code, log in with a code or a recovery code once, disable", arguments: StoreBackend.allCases)
    func mfa(backend: StoreBackend) async throws {
        try await IdentityCluster.run(backend) { cluster in
            let dan = try await cluster.register("Dan Kiprop")
            let enrolment = try await cluster.call(.POST, "/auth/mfa/enroll", token: dan.access)
            #expect(enrolment.status == 200)
            let secret = try #require(enrolment["secret"]?.stringValue)
            let url = try #require(enrolment["otpauth_url"]?.stringValue)
            #expect(url.hasPrefix("otpauth://totp/"))
            // The key typed by hand is the key in the QR code, and a standard RFC 6238 authenticator's codes work.
            #expect(URLComponents(string: url)?.queryItems?.first { $0.name == "secret" }?.value == secret)
            let key = try #require(StandardTOTP.base32Decode(secret))
            let code = { (offset: TimeInterval) in StandardTOTP.code(key: key, at: cluster.clock.now.addingTimeInterval(offset)) }
            #expect(try await cluster.call(.POST, "/auth/mfa/enable", ["code": "000000"], token: dan.access).status == 422)
            let enabled = try await cluster.call(.POST, "/auth/mfa/enable", ["code": .string(code(0))], token: dan.access)
            #expect(enabled.status == 200)
            let recovery = try #require(enabled["recovery_codes"]?.arrayValue?.compactMap { $0.stringValue })
            #expect(recovery.count == 10)

            // Login now asks for the second factor.
            let challenged = try await cluster.call(.POST, "/auth/login", ["email": .string(dan.email), "password": .string(dan.password)])
            #expect(challenged["mfa_required"] == true)
            #expect(challenged["access_token"] == nil)
            let mfaToken = try #require(challenged["mfa_token"]?.stringValue)
            #expect(try await cluster.call(.POST, "/auth/mfa/login", ["mfa_token": .string(mfaToken), "code": "123456"]).status == 401)
            cluster.clock.advance(by: 30)
            let passed = try await cluster.call(.POST, "/auth/mfa/login", ["mfa_token": .string(mfaToken), "code": .string(code(0))])
            #expect(passed.status == 200)
            #expect(passed["access_token"] != nil)
            #expect(try await cluster.call(.POST, "/auth/mfa/login", ["mfa_token": .string(mfaToken), "code": .string(code(0))]).status == 422, "the challenge is used up")

            // A recovery code works once.
            let again = try await cluster.call(.POST, "/auth/login", ["email": .string(dan.email), "password": .string(dan.password)])
            let token2 = try #require(again["mfa_token"]?.stringValue)
            #expect(try await cluster.call(.POST, "/auth/mfa/login", ["mfa_token": .string(token2), "recovery_code": .string(recovery[0].uppercased())]).status == 200)
            let third = try await cluster.call(.POST, "/auth/login", ["email": .string(dan.email), "password": .string(dan.password)])
            let token3 = try #require(third["mfa_token"]?.stringValue)
            #expect(try await cluster.call(.POST, "/auth/mfa/login", ["mfa_token": .string(token3), "recovery_code": .string(recovery[0])]).status == 401)

            // Disable needs the password and a code; then login is one step again.
            cluster.clock.advance(by: 30)
            #expect(try await cluster.call(.POST, "/auth/mfa/disable", ["password": "wrong-password-here", "code": .string(code(0))], token: dan.access).status == 422)
            #expect(try await cluster.call(.POST, "/auth/mfa/disable", ["password": .string(dan.password), "code": .string(code(0))], token: dan.access).status == 204)
            #expect(try await cluster.call(.POST, "/auth/login", ["email": .string(dan.email), "password": .string(dan.password)])["access_token"] != nil)
        }
    }

    @Test("signing keys survive a restart of the store and rotation keeps the old key published until its tokens expire", arguments: [StoreBackend.sqlite])
    func keyRotation(backend: StoreBackend) async throws {
        try await IdentityCluster.run(backend) { cluster in
            let erin = try await cluster.register("Erin Achieng")
            let before = try await cluster.raw(.GET, cluster.api("/.well-known/jwks.json"))
            #expect(before.status == 200)
            let oldKid = try #require(before["keys"]?.arrayValue?.first?["kid"]?.stringValue)
            #expect(try JWTParts.header(erin.access)?["kid"] as? String == oldKid)
            let newKid = try await AuthServiceAccess.rotate(cluster)
            cluster.clock.advance(by: 31)  // the ring reloads at most every 30 s
            let after = try await cluster.raw(.GET, cluster.api("/api/v1/auth/.well-known/jwks.json"))
            let kids = Set(after["keys"]?.arrayValue?.compactMap { $0["kid"]?.stringValue } ?? [])
            #expect(kids == [oldKid, newKid])
            #expect(try await cluster.call(.GET, "/auth/me", token: erin.access).status == 200, "old tokens keep working")
            let fresh = try await logIn(cluster, erin)
            #expect(try JWTParts.header(fresh.access)?["kid"] as? String == newKid)
            #expect(try await cluster.call(.GET, "/auth/me", token: fresh.access).status == 200)
            cluster.clock.advance(by: 18 * 60)
            let later = try await cluster.raw(.GET, cluster.api("/.well-known/jwks.json"))
            #expect(Set(later["keys"]?.arrayValue?.compactMap { $0["kid"]?.stringValue } ?? []) == [newKid], "the old key leaves once its tokens expired")
        }
    }

    func logIn(_ cluster: IdentityCluster, _ person: Person) async throws -> Person {
        let reply = try await cluster.call(.POST, "/auth/login", ["email": .string(person.email), "password": .string(person.password)])
        var copy = person
        copy.access = try #require(reply["access_token"]?.stringValue)
        copy.refresh = try #require(reply["refresh_token"]?.stringValue)
        copy.sessionID = try #require(reply["session_id"]?.stringValue)
        return copy
    }
}
