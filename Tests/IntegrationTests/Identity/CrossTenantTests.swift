import Foundation
import NIOHTTP1
import Platform
import Testing
import TestSupport

/// A member of one organisation who guesses another's ids gets 404 and never a byte of its data.
@Suite("Crossing tenants", .serialized)
struct CrossTenantTests {
    @Test("members, invitations, usage, settings, isolation, audit, export and switch of another organisation answer 404", arguments: StoreBackend.allCases)
    func crossing(backend: StoreBackend) async throws {
        try await IdentityCluster.run(backend) { cluster in
            var alice = try await cluster.register("Alice Kamau")
            let orgA = try await cluster.createOrganization("Alpha Hardware", owner: &alice)
            var bob = try await cluster.register("Bob Secretive")
            let orgB = try await cluster.createOrganization("Bravo Secret Supplies", owner: &bob)
            var operatorAccount = try await cluster.register("Pat Platform")
            try await cluster.makePlatformAdmin(&operatorAccount)
            #expect(try await cluster.call(.PATCH, "/tenant/admin/organizations/\(orgB)", ["plan": "pro"], token: operatorAccount.access).status == 200)
            var bobMember = try await cluster.register("Bruno Staff")
            try await cluster.join(&bobMember, organization: orgB, as: .analyst, invitedBy: bob)
            let invited = try await cluster.call(.POST, "/tenant/organizations/\(orgB)/invitations", ["email": "secret-hire@bravo.example", "role": "viewer"], token: bob.access)
            let invitationB = try #require(invited["id"]?.stringValue)

            let attempts: [(HTTPMethod, String, JSONValue?)] = [
                (.GET, "/tenant/organizations/\(orgB)", nil),
                (.PATCH, "/tenant/organizations/\(orgB)", ["name": "Pwned"]),
                (.DELETE, "/tenant/organizations/\(orgB)", nil),
                (.POST, "/tenant/organizations/\(orgB)/restore", nil),
                (.GET, "/tenant/organizations/\(orgB)/export", nil),
                (.POST, "/tenant/organizations/\(orgB)/switch", nil),
                (.GET, "/tenant/organizations/\(orgB)/features", nil),
                (.GET, "/tenant/organizations/\(orgB)/usage", nil),
                (.GET, "/tenant/organizations/\(orgB)/audit", nil),
                (.GET, "/tenant/organizations/\(orgB)/isolation", nil),
                (.PUT, "/tenant/organizations/\(orgB)/isolation", ["tier": "schema"]),
                (.GET, "/tenant/organizations/\(orgB)/members", nil),
                (.PATCH, "/tenant/organizations/\(orgB)/members/\(bobMember.userID)", ["role": "owner"]),
                (.DELETE, "/tenant/organizations/\(orgB)/members/\(bobMember.userID)", nil),
                (.DELETE, "/tenant/organizations/\(orgB)/members/\(bob.userID)", nil),
                (.GET, "/tenant/organizations/\(orgB)/invitations", nil),
                (.POST, "/tenant/organizations/\(orgB)/invitations", ["email": "alice-spy@example.test", "role": "owner"]),
                (.POST, "/tenant/organizations/\(orgB)/invitations/\(invitationB)/resend", nil),
                (.DELETE, "/tenant/organizations/\(orgB)/invitations/\(invitationB)", nil),
                // B's ids under A's own organisation.
                (.PATCH, "/tenant/organizations/\(orgA)/members/\(bobMember.userID)", ["role": "viewer"]),
                (.DELETE, "/tenant/organizations/\(orgA)/members/\(bob.userID)", nil),
                (.POST, "/tenant/organizations/\(orgA)/invitations/\(invitationB)/resend", nil),
                (.DELETE, "/tenant/organizations/\(orgA)/invitations/\(invitationB)", nil),
            ]
            let secrets = ["Bravo Secret Supplies", bob.email, bobMember.email, "secret-hire@bravo.example", bob.userID]
            for (method, path, body) in attempts {
                let reply = try await cluster.call(method, path, body, token: alice.access)
                #expect(reply.status == 404, "\(method) \(path): \(reply.status) \(reply.body.prefix(300))")
                for secret in secrets where !path.contains(secret) {
                    #expect(!reply.body.contains(secret), "\(method) \(path) leaked \(secret)")
                }
            }
            // Unknown ids look exactly the same as another tenant's.
            let unknown = try await cluster.call(.GET, "/tenant/organizations/tzzzzzzzzzzzzzzzz/members", token: alice.access)
            let foreign = try await cluster.call(.GET, "/tenant/organizations/\(orgB)/members", token: alice.access)
            #expect(unknown.status == foreign.status && unknown.json["type"] == foreign.json["type"])

            // Nothing changed in B.
            let members = try await cluster.call(.GET, "/tenant/organizations/\(orgB)/members", token: bob.access)
            #expect(members["members"]?.arrayValue?.count == 2)
            #expect(try await cluster.call(.GET, "/tenant/organizations/\(orgB)", token: bob.access)["name"] == "Bravo Secret Supplies")
            #expect(try await cluster.call(.GET, "/tenant/organizations/\(orgB)/invitations", token: bob.access)["invitations"]?.arrayValue?.first { $0["id"]?.stringValue == invitationB }?["status"] == "pending")

            // A token minted for A cannot be pointed at B by asking auth for it.
            let refreshed = try await cluster.call(.POST, "/auth/refresh", ["refresh_token": .string(alice.refresh), "organization_id": .string(orgB)])
            #expect(refreshed.status == 403)
            let login = try await cluster.call(.POST, "/auth/login", ["email": .string(alice.email), "password": .string(alice.password), "organization_id": .string(orgB)])
            #expect(login.status == 403)
            // The organisation list shows only A.
            let mine = try await cluster.call(.GET, "/tenant/organizations", token: alice.access)
            #expect(mine["organizations"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [orgA])
        }
    }
}
