import Foundation
import Hummingbird
import Platform

/// Invitations: create, list, resend, revoke; preview and accept by token.
enum InvitationRoutes {
    static func register(on router: ServiceRouter, parts: TenantParts) {
        let invitationParameter = OperationDoc.Parameter("invitation_id", in: .path, "The invitation id")
        router.post(
            "/v1/organizations/{id}/invitations",
            OperationDoc(
                summary: "Invite someone by e-mail (admins)",
                description: "The link in the e-mail works for 7 days. Only owners invite owners. Members and open invitations together count against the plan's seats.",
                tags: ["invitations"], parameters: [TenantParts.idParameter], requestBody: .init(schema: .reference("Invite"), "E-mail and role (default viewer)"),
                responses: [
                    .init(201, "Invited", schema: .reference("Invitation")), TenantParts.problem(403, "Not allowed, or the plan's seats are used"),
                    TenantParts.problem(409, "Already a member or invited"),
                ],
                requiresAuth: true
            )
        ) { request, context in
            let grant = try await parts.grant(request, context, scope: Scope.manageMembers)
            let body = try await context.requestDecoder.decode(TenantBodies.Invite.self, from: request, context: context)
            let role = try body.role.map { text -> Role in
                guard let role = Role(rawValue: text) else { throw TenantProblem.invalid("role", "choose one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))") }
                return role
            } ?? .viewer
            let created = try await parts.invitations.invite(grant, email: body.email, role: role)
            return try Response.json(
                TenantBodies.Invitation(created.invitation, now: parts.time.milliseconds, emailSent: created.sent), status: .created,
                location: "/v1/organizations/\(grant.organization.id)/invitations/\(created.invitation.id)"
            )
        }

        router.get(
            "/v1/organizations/{id}/invitations",
            OperationDoc(
                summary: "Invitations, open and past (admins)", tags: ["invitations"], parameters: [TenantParts.idParameter],
                responses: [.init(200, "Invitations", schema: .reference("Invitations"))], requiresAuth: true
            )
        ) { request, context in
            let grant = try await parts.grant(request, context, scope: Scope.manageMembers)
            let now = parts.time.milliseconds
            return try Response.json(TenantBodies.InvitationList(invitations: try await parts.invitations.list(grant).map { TenantBodies.Invitation($0, now: now) }))
        }

        router.post(
            "/v1/organizations/{id}/invitations/{invitation_id}/resend",
            OperationDoc(
                summary: "Send the invitation again with a new link (the old link stops working)", tags: ["invitations"],
                parameters: [TenantParts.idParameter, invitationParameter],
                responses: [.init(200, "Sent", schema: .reference("Invitation")), TenantParts.problem(409, "Accepted or revoked"), TenantParts.problem(429, "Sent 5 times")],
                requiresAuth: true
            )
        ) { request, context in
            let grant = try await parts.grant(request, context, scope: Scope.manageMembers)
            let resent = try await parts.invitations.resend(grant, id: context.parameters.get("invitation_id") ?? "")
            return try Response.json(TenantBodies.Invitation(resent.invitation, now: parts.time.milliseconds, emailSent: resent.sent))
        }

        router.delete(
            "/v1/organizations/{id}/invitations/{invitation_id}",
            OperationDoc(
                summary: "Revoke an open invitation", tags: ["invitations"], parameters: [TenantParts.idParameter, invitationParameter],
                responses: [.init(204, "Revoked"), TenantParts.problem(404, "No such open invitation")], requiresAuth: true
            )
        ) { request, context in
            let grant = try await parts.grant(request, context, scope: Scope.manageMembers)
            try await parts.invitations.revoke(grant, id: context.parameters.get("invitation_id") ?? "")
            return .noContent()
        }

        router.post(
            "/v1/invitations/preview",
            OperationDoc(
                summary: "What an invitation link is for (no login needed)", tags: ["invitations"],
                requestBody: .init(schema: .reference("InvitationToken"), "The token from the link"),
                responses: [.init(200, "The invitation", schema: .reference("InvitationPreview")), TenantParts.problem(422, "Expired, revoked or used")]
            )
        ) { request, context in
            let body = try await context.requestDecoder.decode(TenantBodies.InvitationToken.self, from: request, context: context)
            let preview = try await parts.invitations.preview(token: body.token)
            return try Response.json(TenantBodies.InvitationPreview(
                organizationName: preview.organization.name, invitedBy: preview.inviter, email: preview.invitation.email, role: preview.invitation.role,
                expiresAt: Date(milliseconds: preview.invitation.expires_at)
            ))
        }

        router.post(
            "/v1/invitations/accept",
            OperationDoc(
                summary: "Accept an invitation: join the organisation", description: "Log in with the invited e-mail address first. Then switch to the organisation.",
                tags: ["invitations"], requestBody: .init(schema: .reference("InvitationToken"), "The token from the link"),
                responses: [
                    .init(200, "Joined", schema: .reference("Accepted")), TenantParts.problem(403, "Logged in with another e-mail"),
                    TenantParts.problem(422, "Expired, revoked or used"),
                ],
                requiresAuth: true
            )
        ) { request, context in
            let caller = try await TenantParts.caller(request, context)
            let body = try await context.requestDecoder.decode(TenantBodies.InvitationToken.self, from: request, context: context)
            let (organization, membership) = try await parts.invitations.accept(token: body.token, caller: caller)
            return try Response.json(TenantBodies.Accepted(
                organization: TenantBodies.Organization(organization, role: membership.role), next: "POST /v1/organizations/\(organization.id)/switch"
            ))
        }
    }
}
