import Foundation
import NIOHTTP1
import Platform
import Testing
import TestSupport

/// Every role against every endpoint of the auth and tenant services, through the gateway: the status each must get.
@Suite("Authorization matrix", .serialized)
struct AuthorizationMatrixTests {
    enum Actor: String, CaseIterable, CustomStringConvertible {
        case viewer, analyst, admin, owner, outsider, anonymous
        var description: String { rawValue }
    }

    /// One endpoint: how to call it as an actor, and the status each actor must get.
    struct Row {
        var name: String
        var expected: [Actor: Int]
        var request: (Actor) async throws -> (HTTPMethod, String, JSONValue?)
    }

    /// Statuses by actor: members listed, then the outsider and the anonymous caller.
    static func statuses(viewer: Int, analyst: Int, admin: Int, owner: Int, outsider: Int, anonymous: Int = 401) -> [Actor: Int] {
        [.viewer: viewer, .analyst: analyst, .admin: admin, .owner: owner, .outsider: outsider, .anonymous: anonymous]
    }

    static func all(_ status: Int, anonymous: Int = 401) -> [Actor: Int] {
        statuses(viewer: status, analyst: status, admin: status, owner: status, outsider: status, anonymous: anonymous)
    }

    @Test("owner, admin, analyst, viewer, a stranger and no token, against every endpoint of both services")
    func matrix() async throws {
        try await IdentityCluster.run(.sqlite) { cluster in
            var owner = try await cluster.register("Olive Owner")
            let org = try await cluster.createOrganization("Matrix Movers", owner: &owner)
            var operatorAccount = try await cluster.register("Pat Platform")
            try await cluster.makePlatformAdmin(&operatorAccount)
            #expect(try await cluster.call(.PATCH, "/tenant/admin/organizations/\(org)", ["plan": "enterprise"], token: operatorAccount.access).status == 200)
            try await cluster.switchTo(org, person: &owner)
            var people: [Actor: Person] = [.owner: owner]
            for role in [Role.admin, .analyst, .viewer] {
                var person = try await cluster.register("Member \(role.rawValue)")
                try await cluster.join(&person, organization: org, as: role, invitedBy: owner)
                people[Actor(rawValue: role.rawValue)!] = person
            }
            people[.outsider] = try await cluster.register("Oscar Outsider")
            var target = try await cluster.register("Tia Target")
            try await cluster.join(&target, organization: org, as: .viewer, invitedBy: owner)
            var spares: [Actor: Person] = [:]
            for actor in [Actor.admin, .owner] {
                var spare = try await cluster.register("Spare for \(actor)")
                try await cluster.join(&spare, organization: org, as: .viewer, invitedBy: owner)
                spares[actor] = spare
            }
            let pending = try await cluster.call(.POST, "/tenant/organizations/\(org)/invitations", ["email": "pending-person@example.test"], token: owner.access)
            let pendingID = try #require(pending["id"]?.stringValue)
            let otherSession = try await cluster.call(.POST, "/auth/login", ["email": .string(target.email), "password": .string(target.password)])["session_id"]?.stringValue ?? ""
            let o = "/tenant/organizations/\(org)"
            let ownerToken = owner.access

            let member200 = Self.statuses(viewer: 200, analyst: 200, admin: 200, owner: 200, outsider: 404)
            let admins200 = Self.statuses(viewer: 403, analyst: 403, admin: 200, owner: 200, outsider: 404)
            let rows: [Row] = [
                // Tenant service.
                Row(name: "list my organisations", expected: Self.all(200)) { _ in (.GET, "/tenant/organizations", nil) },
                Row(name: "create an organisation", expected: Self.all(201)) { actor in (.POST, "/tenant/organizations", ["name": .string("Side business of \(actor)")]) },
                Row(name: "read the organisation", expected: member200) { _ in (.GET, o, nil) },
                Row(name: "change its settings", expected: admins200) { _ in (.PATCH, o, ["timezone": "Africa/Nairobi"]) },
                Row(name: "export it", expected: admins200) { _ in (.GET, "\(o)/export", nil) },
                Row(name: "switch to it", expected: member200) { _ in (.POST, "\(o)/switch", nil) },
                Row(name: "features", expected: member200) { _ in (.GET, "\(o)/features", nil) },
                Row(name: "usage", expected: member200) { _ in (.GET, "\(o)/usage", nil) },
                Row(name: "audit trail", expected: admins200) { _ in (.GET, "\(o)/audit", nil) },
                Row(name: "isolation tier", expected: admins200) { _ in (.GET, "\(o)/isolation", nil) },
                Row(name: "change the tier (to the same one)", expected: Self.statuses(viewer: 403, analyst: 403, admin: 403, owner: 409, outsider: 404)) { _ in
                    (.PUT, "\(o)/isolation", ["tier": "shared"])
                },
                Row(name: "members", expected: member200) { _ in (.GET, "\(o)/members", nil) },
                Row(name: "change a member's role", expected: admins200) { _ in (.PATCH, "\(o)/members/\(target.userID)", ["role": "viewer"]) },
                Row(name: "remove a member", expected: Self.statuses(viewer: 403, analyst: 403, admin: 204, owner: 204, outsider: 404)) { actor in
                    (.DELETE, "\(o)/members/\(spares[actor]?.userID ?? target.userID)", nil)
                },
                Row(name: "list invitations", expected: admins200) { _ in (.GET, "\(o)/invitations", nil) },
                Row(name: "invite", expected: Self.statuses(viewer: 403, analyst: 403, admin: 201, owner: 201, outsider: 404)) { actor in
                    (.POST, "\(o)/invitations", ["email": .string("invited-by-\(actor)-\(UUID().uuidString.prefix(6))@example.test"), "role": "analyst"])
                },
                Row(name: "resend an invitation", expected: admins200) { _ in (.POST, "\(o)/invitations/\(pendingID)/resend", nil) },
                Row(name: "revoke an invitation", expected: Self.statuses(viewer: 403, analyst: 403, admin: 204, owner: 204, outsider: 404)) { _ in
                    let fresh = try await cluster.call(.POST, "\(o)/invitations", ["email": .string("to-revoke-\(UUID().uuidString.prefix(6))@example.test")], token: ownerToken)
                    return (.DELETE, "\(o)/invitations/\(fresh["id"]?.stringValue ?? "")", nil)
                },
                Row(name: "preview an invitation link (public)", expected: Self.all(422, anonymous: 422)) { _ in (.POST, "/tenant/invitations/preview", ["token": "not-a-real-token"]) },
                Row(name: "accept an invitation", expected: Self.all(422)) { _ in (.POST, "/tenant/invitations/accept", ["token": "not-a-real-token"]) },
                Row(name: "platform admin: list organisations", expected: Self.all(403)) { _ in (.GET, "/tenant/admin/organizations", nil) },
                Row(name: "platform admin: read one", expected: Self.all(403)) { _ in (.GET, "/tenant/admin/organizations/\(org)", nil) },
                Row(name: "platform admin: change plan", expected: Self.all(403)) { _ in (.PATCH, "/tenant/admin/organizations/\(org)", ["plan": "free"]) },
                Row(name: "platform admin: suspend", expected: Self.all(403)) { _ in (.POST, "/tenant/admin/organizations/\(org)/suspend", ["reason": "test"]) },
                Row(name: "platform admin: reactivate", expected: Self.all(403)) { _ in (.POST, "/tenant/admin/organizations/\(org)/reactivate", nil) },
                Row(name: "platform admin: move tier", expected: Self.all(403)) { _ in (.PUT, "/tenant/admin/organizations/\(org)/isolation", ["tier": "schema"]) },
                // Auth service.
                Row(name: "register (public; taken e-mail)", expected: Self.all(409, anonymous: 409)) { _ in
                    (.POST, "/auth/register", ["email": .string(owner.email), "password": "Some-long-password-1", "name": "Dup"])
                },
                Row(name: "log in (public; wrong password)", expected: Self.all(401)) { _ in (.POST, "/auth/login", ["email": .string(target.email), "password": "wrong-password-x1"]) },
                Row(name: "refresh (public; bad token)", expected: Self.all(401)) { _ in (.POST, "/auth/refresh", ["refresh_token": "rt_nope"]) },
                Row(name: "MFA login (public; bad challenge)", expected: Self.all(422, anonymous: 422)) { _ in (.POST, "/auth/mfa/login", ["mfa_token": "nope", "code": "123456"]) },
                Row(name: "verify e-mail (public; bad token)", expected: Self.all(422, anonymous: 422)) { _ in (.POST, "/auth/email/verify", ["token": "nope"]) },
                Row(name: "forgot password (public)", expected: Self.all(202, anonymous: 202)) { _ in (.POST, "/auth/password/forgot", ["email": "someone@example.test"]) },
                Row(name: "reset password (public; bad token)", expected: Self.all(422, anonymous: 422)) { _ in
                    (.POST, "/auth/password/reset", ["token": "nope", "new_password": "Another-long-one-7"])
                },
                Row(name: "token exchange (public; bad key)", expected: Self.all(401)) { _ in (.POST, "/auth/token", ["grant_type": "client_credentials", "client_secret": "mpk_bad_key"]) },
                Row(name: "who am I", expected: Self.all(200)) { _ in (.GET, "/auth/me", nil) },
                Row(name: "change my name", expected: Self.all(200)) { actor in (.PATCH, "/auth/me", ["name": .string("Renamed \(actor)")]) },
                Row(name: "my sessions", expected: Self.all(200)) { _ in (.GET, "/auth/sessions", nil) },
                Row(name: "end someone else's session", expected: Self.all(404)) { _ in (.DELETE, "/auth/sessions/\(otherSession)", nil) },
                Row(name: "resend verification", expected: Self.all(202)) { _ in (.POST, "/auth/email/resend", nil) },
                Row(name: "change password (wrong current)", expected: Self.all(422)) { _ in
                    (.POST, "/auth/password/change", ["current_password": "not-it-at-all", "new_password": "Another-long-one-7"])
                },
                Row(name: "MFA enrol", expected: Self.all(200)) { _ in (.POST, "/auth/mfa/enroll", nil) },
                Row(name: "MFA enable (wrong code)", expected: Self.all(422)) { _ in (.POST, "/auth/mfa/enable", ["code": "000000"]) },
                Row(name: "create an API key", expected: Self.statuses(viewer: 403, analyst: 403, admin: 201, owner: 201, outsider: 403)) { actor in
                    (.POST, "/auth/api-keys", ["name": .string("Key of \(actor)"), "role": "viewer"])
                },
                Row(name: "list API keys", expected: Self.statuses(viewer: 403, analyst: 403, admin: 200, owner: 200, outsider: 403)) { _ in (.GET, "/auth/api-keys", nil) },
                Row(name: "revoke an API key", expected: Self.statuses(viewer: 403, analyst: 403, admin: 204, owner: 204, outsider: 403)) { _ in
                    let key = try await cluster.call(.POST, "/auth/api-keys", ["name": "to revoke", "role": "viewer"], token: ownerToken)
                    return (.DELETE, "/auth/api-keys/\(key["id"]?.stringValue ?? "")", nil)
                },
                Row(name: "end my other sessions", expected: Self.all(204)) { _ in (.DELETE, "/auth/sessions", nil) },
                // Last, because they end the actors' sessions; owner last so the rows above keep their owner.
                Row(name: "delete the organisation", expected: Self.statuses(viewer: 403, analyst: 403, admin: 403, owner: 202, outsider: 404)) { _ in (.DELETE, o, nil) },
                Row(name: "restore it", expected: Self.statuses(viewer: 403, analyst: 403, admin: 403, owner: 200, outsider: 404)) { _ in (.POST, "\(o)/restore", nil) },
                Row(name: "log out everywhere", expected: Self.all(204)) { _ in (.POST, "/auth/logout-all", nil) },
            ]

            var failures: [String] = []
            for row in rows {
                for actor in Actor.allCases {
                    let (method, path, body) = try await row.request(actor)
                    let token = actor == .anonymous ? nil : people[actor]?.access
                    let reply = try await cluster.call(method, path, body, token: token)
                    let expected = row.expected[actor]!
                    if reply.status != expected {
                        failures.append("\(row.name) as \(actor): expected \(expected), got \(reply.status) \(reply.body.prefix(160))")
                    }
                    if reply.status >= 400 {
                        #expect(reply.headers["content-type"] == "application/problem+json", "\(row.name) as \(actor)")
                    }
                }
            }
            #expect(failures.isEmpty, "\(failures.count) mismatches:\n\(failures.joined(separator: "\n"))")

            // The platform administrator's side of the admin rows.
            let listed = try await cluster.call(.GET, "/tenant/admin/organizations?q=matrix", token: operatorAccount.access)
            #expect(listed.status == 200)
            #expect(listed["organizations"]?.arrayValue?.contains { $0["id"]?.stringValue == org } == true)
        }
    }
}
