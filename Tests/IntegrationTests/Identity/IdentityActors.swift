import AuthService
import Foundation
import NIOHTTP1
import Platform
import Testing
import TestSupport

/// A person using the platform in a test: their credentials and current tokens.
struct Person: Sendable {
    var email: String
    var password: String
    var name: String
    var userID: String
    var access: String
    var refresh: String
    var sessionID: String
}

extension IdentityCluster {
    static let password = "Kilimanjaro-2026-duka"

    /// Registers a new account (a unique e-mail) and returns it logged in.
    func register(_ name: String, password: String = IdentityCluster.password) async throws -> Person {
        let email = "\(name.lowercased().filter(\.isLetter))-\(UUID().uuidString.prefix(8).lowercased())@example.test"
        let reply = try await call(.POST, "/auth/register", ["email": .string(email), "password": .string(password), "name": .string(name)])
        guard reply.status == 201, let access = reply["access_token"]?.stringValue, let refresh = reply["refresh_token"]?.stringValue else {
            throw TestSetupError("register \(email): \(reply.status) \(reply.body)")
        }
        let me = try await call(.GET, "/auth/me", token: access)
        return Person(
            email: email, password: password, name: name, userID: me["id"]?.stringValue ?? "", access: access, refresh: refresh,
            sessionID: reply["session_id"]?.stringValue ?? ""
        )
    }

    /// Creates an organisation owned by `person` and switches their token to it; answers its id.
    func createOrganization(_ name: String, owner person: inout Person) async throws -> String {
        let created = try await call(.POST, "/tenant/organizations", ["name": .string(name)], token: person.access)
        guard created.status == 201, let id = created["id"]?.stringValue else { throw TestSetupError("create organisation: \(created.status) \(created.body)") }
        try await switchTo(id, person: &person)
        return id
    }

    func switchTo(_ organization: String, person: inout Person) async throws {
        let switched = try await call(.POST, "/tenant/organizations/\(organization)/switch", token: person.access)
        guard switched.status == 200, let token = switched["access_token"]?.stringValue else { throw TestSetupError("switch: \(switched.status) \(switched.body)") }
        person.access = token
    }

    /// Invites `person` into `organization` as `role` (by `inviter`), accepts through the e-mailed link, and switches.
    func join(_ person: inout Person, organization: String, as role: Role, invitedBy inviter: Person) async throws {
        let invited = try await call(.POST, "/tenant/organizations/\(organization)/invitations", ["email": .string(person.email), "role": .string(role.rawValue)], token: inviter.access)
        guard invited.status == 201 else { throw TestSetupError("invite: \(invited.status) \(invited.body)") }
        guard let token = try linkToken(to: person.email, path: "/invitations/accept") else { throw TestSetupError("no invitation e-mail to \(person.email)") }
        let accepted = try await call(.POST, "/tenant/invitations/accept", ["token": .string(token)], token: person.access)
        guard accepted.status == 200 else { throw TestSetupError("accept: \(accepted.status) \(accepted.body)") }
        try await switchTo(organization, person: &person)
    }

    /// Makes the account a platform administrator (what `mpesa users admin` does) and logs it in again.
    func makePlatformAdmin(_ person: inout Person) async throws {
        guard try await AuthService.setPlatformAdmin(email: person.email, true, database: store(.auth)) else { throw TestSetupError("no account \(person.email)") }
        let login = try await call(.POST, "/auth/login", ["email": .string(person.email), "password": .string(person.password)])
        guard let access = login["access_token"]?.stringValue else { throw TestSetupError("login: \(login.status) \(login.body)") }
        person.access = access
        person.refresh = login["refresh_token"]?.stringValue ?? ""
    }
}
