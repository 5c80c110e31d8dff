import Foundation
import Platform
import Testing
import TestSupport

/// Organisations, members, invitations, plans, suspension and deletion, through the gateway on both stores.
@Suite("Organisations through the gateway", .serialized)
struct OrganizationFlowTests {
    @Test("create, invite by e-mail, accept, roles, the last owner, leave, remove, usage and the audit trail", arguments: StoreBackend.allCases)
    func membership(backend: StoreBackend) async throws {
        try await IdentityCluster.run(backend) { cluster in
            var owner = try await cluster.register("Grace Wambui")
            let created = try await cluster.call(.POST, "/tenant/organizations", ["name": "Wambui Groceries", "timezone": "Africa/Nairobi"], token: owner.access)
            #expect(created.status == 201)
            #expect(created["role"] == "owner" && created["plan"] == "free" && created["tier"] == "shared")
            let org = try #require(created["id"]?.stringValue)
            #expect(try await cluster.call(.GET, "/tenant/organizations/\(org)/members", token: owner.access).status == 403, "a token for no organisation must switch first")
            try await cluster.switchTo(org, person: &owner)
            let me = try await cluster.call(.GET, "/auth/me", token: owner.access)
            #expect(me["organization_id"]?.stringValue == org && me["role"] == "owner")
            #expect(me["memberships"]?.arrayValue?.first?["organization_id"]?.stringValue == org)

            // Invite; the e-mail carries the link; the preview shows what it is before login.
            var hassan = try await cluster.register("Hassan Ali")
            let invite = try await cluster.call(.POST, "/tenant/organizations/\(org)/invitations", ["email": .string(hassan.email.uppercased()), "role": "analyst"], token: owner.access)
            #expect(invite.status == 201)
            #expect(invite["email_sent"] == true && invite["status"] == "pending")
            let mail = try #require(try cluster.mailbox.latest(to: hassan.email))
            #expect(mail.subject.contains("Wambui Groceries"))
            let token = try #require(try cluster.linkToken(to: hassan.email, path: "/invitations/accept"))
            #expect(try cluster.mailbox.read(id: mail.id).textBody.contains("https://app.example.test/invitations/accept?token="))
            let preview = try await cluster.call(.POST, "/tenant/invitations/preview", ["token": .string(token)])
            #expect(preview["organization_name"] == "Wambui Groceries" && preview["role"] == "analyst")
            #expect(try await cluster.call(.POST, "/tenant/organizations/\(org)/invitations", ["email": .string(hassan.email)], token: owner.access).status == 409)

            // Someone else cannot use Hassan's link.
            let intruder = try await cluster.register("Ivy Intruder")
            #expect(try await cluster.call(.POST, "/tenant/invitations/accept", ["token": .string(token)], token: intruder.access).status == 403)
            let accepted = try await cluster.call(.POST, "/tenant/invitations/accept", ["token": .string(token)], token: hassan.access)
            #expect(accepted.status == 200)
            #expect(try await cluster.call(.POST, "/tenant/invitations/accept", ["token": .string(token)], token: hassan.access).status == 422, "single use")
            try await cluster.switchTo(org, person: &hassan)
            #expect(JWTParts.claim(hassan.access, "role") == "analyst")
            #expect(JWTParts.claim(hassan.access, "tid") == org)

            // The free plan has two seats: a third invitation is refused with the limit.
            let third = try await cluster.call(.POST, "/tenant/organizations/\(org)/invitations", ["email": "third@example.test"], token: owner.access)
            #expect(third.status == 403)
            #expect(third["type"]?.stringValue?.hasSuffix("plan-limit") == true)

            // Roles: analysts cannot manage; the last owner cannot be demoted, removed or leave.
            #expect(try await cluster.call(.PATCH, "/tenant/organizations/\(org)/members/\(owner.userID)", ["role": "viewer"], token: hassan.access).status == 403)
            let demoteSelf = try await cluster.call(.PATCH, "/tenant/organizations/\(org)/members/\(owner.userID)", ["role": "admin"], token: owner.access)
            #expect(demoteSelf.status == 409)
            #expect(try await cluster.call(.DELETE, "/tenant/organizations/\(org)/members/\(owner.userID)", token: owner.access).status == 409)
            #expect(try await cluster.call(.PATCH, "/tenant/organizations/\(org)/members/\(hassan.userID)", ["role": "owner"], token: owner.access).status == 200)
            // With two owners, the first may step down; a role change takes effect in this service at once.
            #expect(try await cluster.call(.PATCH, "/tenant/organizations/\(org)/members/\(owner.userID)", ["role": "admin"], token: owner.access).status == 200)
            #expect(try await cluster.call(.DELETE, "/tenant/organizations/\(org)/members/\(hassan.userID)", token: owner.access).status == 403, "admins cannot remove owners")
            #expect(try await cluster.call(.DELETE, "/tenant/organizations/\(org)/members/\(hassan.userID)", token: hassan.access).status == 409, "the last owner cannot leave")

            // Leaving: the admin leaves, and their token for the organisation stops working everywhere.
            #expect(try await cluster.call(.DELETE, "/tenant/organizations/\(org)/members/\(owner.userID)", token: owner.access).status == 204)
            #expect(try await cluster.call(.GET, "/tenant/organizations/\(org)", token: owner.access).status == 404)
            try await eventually("the auth service to end the removed member's session") {
                try await cluster.call(.GET, "/auth/me", token: owner.access).status == 401
            }

            // Hassan's token still carries the analyst's scopes; a new one carries the owner's.
            #expect(try await cluster.call(.GET, "/tenant/organizations/\(org)/audit", token: hassan.access).status == 403)
            try await cluster.switchTo(org, person: &hassan)
            #expect(JWTParts.claim(hassan.access, "role") == "owner")

            // Usage and the audit trail.
            let usage = try await cluster.call(.GET, "/tenant/organizations/\(org)/usage", token: hassan.access)
            #expect(usage.status == 200)
            #expect(usage["items"]?.arrayValue?.first { $0["metric"] == "members" }?["used"] == 1)
            try await eventually("the audit trail to record the changes") {
                let audit = try await cluster.call(.GET, "/tenant/organizations/\(org)/audit", token: hassan.access)
                let actions = Set(audit["events"]?.arrayValue?.compactMap { $0["action"]?.stringValue } ?? [])
                return actions.isSuperset(of: ["created", "member_added", "invitation_created", "member_role_changed", "member_removed"])
            }
        }
    }

    @Test("suspension stops the organisation's tokens in every service; reactivation restores them; deletion has a grace period", arguments: StoreBackend.allCases)
    func suspensionAndDeletion(backend: StoreBackend) async throws {
        try await IdentityCluster.run(backend) { cluster in
            var owner = try await cluster.register("Jane Muthoni")
            let org = try await cluster.createOrganization("Muthoni Salon", owner: &owner)
            var admin = try await cluster.register("Kim Operator")
            try await cluster.makePlatformAdmin(&admin)
            #expect(try await cluster.call(.POST, "/tenant/admin/organizations/\(org)/suspend", ["reason": ""], token: admin.access).status == 422)
            let suspended = try await cluster.call(.POST, "/tenant/admin/organizations/\(org)/suspend", ["reason": "Unpaid invoices"], token: admin.access)
            #expect(suspended["status"] == "suspended")
            for path in ["/auth/me", "/tenant/organizations/\(org)/members", "/tenant/organizations"] {
                try await eventually("\(path) to refuse a suspended organisation's token") {
                    let reply = try await cluster.call(.GET, path, token: owner.access)
                    return reply.status == 401 && reply.json["reason"] == "tenant_suspended"
                }
            }
            // Logging in again gives no token for the suspended organisation.
            let login = try await cluster.call(.POST, "/auth/login", ["email": .string(owner.email), "password": .string(owner.password)])
            #expect(login.status == 200 && login["organization_id"] == nil)
            #expect(try await cluster.call(.POST, "/tenant/admin/organizations/\(org)/reactivate", token: admin.access)["status"] == "active")
            try await eventually("the token to work again after reactivation") {
                try await cluster.call(.GET, "/tenant/organizations/\(org)/members", token: owner.access).status == 200
            }

            // Deletion: scheduled 30 days out, exportable and restorable meanwhile.
            let deleting = try await cluster.call(.DELETE, "/tenant/organizations/\(org)", token: owner.access)
            #expect(deleting.status == 202 && deleting["status"] == "deleting" && deleting["deletion_due_at"] != nil)
            let export = try await cluster.call(.GET, "/tenant/organizations/\(org)/export", token: owner.access)
            #expect(export.status == 200)
            #expect(export.headers["content-disposition"]?.contains("attachment") == true)
            #expect(export["members"]?.arrayValue?.count == 1)
            #expect(try await cluster.call(.POST, "/tenant/organizations/\(org)/restore", token: owner.access)["status"] == "active")
        }
    }

    @Test("with no grace period a deleted organisation disappears and its tokens stop working", arguments: [StoreBackend.sqlite])
    func immediateDeletion(backend: StoreBackend) async throws {
        try await IdentityCluster.run(backend, extra: ["tenant.deletionGraceDays": "0"]) { cluster in
            var owner = try await cluster.register("Liam Gone")
            let org = try await cluster.createOrganization("Short Lived Ltd", owner: &owner)
            let deleted = try await cluster.call(.DELETE, "/tenant/organizations/\(org)", token: owner.access)
            #expect(deleted.status == 202 && deleted["status"] == "deleted")
            try await eventually("the deleted organisation's token to be refused") {
                try await cluster.call(.GET, "/tenant/organizations/\(org)", token: owner.access).status == 401
            }
            let fresh = try await cluster.call(.POST, "/auth/login", ["email": .string(owner.email), "password": .string(owner.password)])
            let token = try #require(fresh["access_token"]?.stringValue)
            #expect(try await cluster.call(.GET, "/tenant/organizations", token: token)["organizations"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test("API keys: plan-gated, shown once, exchanged for a token or used directly at the gateway, revocable", arguments: StoreBackend.allCases)
    func apiKeys(backend: StoreBackend) async throws {
        try await IdentityCluster.run(backend) { cluster in
            var owner = try await cluster.register("Mercy Akinyi")
            let org = try await cluster.createOrganization("Akinyi Logistics", owner: &owner)
            let refused = try await cluster.call(.POST, "/auth/api-keys", ["name": "Books sync"], token: owner.access)
            #expect(refused.status == 403, "the Free plan has no API access")
            var admin = try await cluster.register("Ned Operator")
            try await cluster.makePlatformAdmin(&admin)
            #expect(try await cluster.call(.PATCH, "/tenant/admin/organizations/\(org)", ["plan": "starter"], token: admin.access)["plan"] == "starter")
            try await eventually("the auth service to see the new plan") {
                try await cluster.call(.POST, "/auth/api-keys", ["name": "probe", "role": "viewer"], token: owner.access).status == 201
            }
            #expect(try await cluster.call(.POST, "/auth/api-keys", ["name": "Owner-level", "role": "owner", "scopes": ["organization:delete"]], token: owner.access).status == 201)
            #expect(try await cluster.call(.POST, "/auth/api-keys", ["name": "Third"], token: owner.access).status == 201)
            let tooMany = try await cluster.call(.POST, "/auth/api-keys", ["name": "Fourth"], token: owner.access)
            #expect(tooMany.status == 403, "Starter allows 3 keys")
            let list = try await cluster.call(.GET, "/auth/api-keys", token: owner.access)
            for key in list["api_keys"]?.arrayValue ?? [] {
                #expect(try await cluster.call(.DELETE, "/auth/api-keys/\(key["id"]?.stringValue ?? "")", token: owner.access).status == 204)
            }
            let created = try await cluster.call(.POST, "/auth/api-keys", ["name": "Books sync", "role": "analyst", "scopes": ["read"]], token: owner.access)
            #expect(created.status == 201)
            let key = try #require(created["key"]?.stringValue)
            let prefix = try #require(created["prefix"]?.stringValue)
            #expect(key.hasPrefix("mpk_\(prefix)_"))
            let listed = try await cluster.call(.GET, "/auth/api-keys", token: owner.access)
            #expect(!listed.body.contains(key), "the key is shown once")
            #expect(try await cluster.call(.POST, "/auth/api-keys", ["name": "x", "scopes": ["no-such-scope"]], token: owner.access).status == 422)

            // Exchange, form-encoded as RFC 6749 has it.
            let form = try await cluster.raw(.POST, cluster.api("/api/v1/auth/token"), body: "grant_type=client_credentials&client_secret=\(key)", contentType: "application/x-www-form-urlencoded")
            #expect(form.status == 200)
            let access = try #require(form["access_token"]?.stringValue)
            #expect(form["scope"] == "read")
            #expect(JWTParts.claim(access, "tid") == org && JWTParts.claim(access, "role") == "analyst")
            #expect(try await cluster.call(.GET, "/tenant/organizations/\(org)/members", token: access).status == 200)
            #expect(try await cluster.call(.POST, "/tenant/organizations/\(org)/invitations", ["email": "x@example.test"], token: access).status == 403, "scopes limit the key")
            #expect(try await cluster.call(.GET, "/auth/me", token: access).status == 403, "keys are not people")

            // Used directly at the gateway.
            let direct = try await cluster.call(.GET, "/tenant/organizations/\(org)", token: key)
            #expect(direct.status == 200)
            #expect(direct["name"] == "Akinyi Logistics")
            let used = try await cluster.call(.GET, "/auth/api-keys", token: owner.access)
            #expect(used["api_keys"]?.arrayValue?.first { $0["prefix"]?.stringValue == prefix }?["last_used_at"] != nil)

            // Revoked: the key and its tokens stop working.
            let id = try #require(created["id"]?.stringValue)
            #expect(try await cluster.call(.DELETE, "/auth/api-keys/\(id)", token: owner.access).status == 204)
            #expect(try await cluster.raw(.POST, cluster.api("/api/v1/auth/token"), body: "grant_type=client_credentials&client_secret=\(key)", contentType: "application/x-www-form-urlencoded").status == 401)
            try await eventually("the revoked key's token and the key itself to be refused") {
                let viaToken = try await cluster.call(.GET, "/tenant/organizations/\(org)", token: access).status
                let viaKey = try await cluster.call(.GET, "/tenant/organizations/\(org)", token: key).status
                return viaToken == 401 && viaKey == 401
            }
        }
    }
}
