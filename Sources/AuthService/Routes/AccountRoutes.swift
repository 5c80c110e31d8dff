import Foundation
import Hummingbird
import Platform

/// Registration, e-mail verification, login (with its second factor), refresh, logout and the profile.
enum AccountRoutes {
    static func register(on router: ServiceRouter, accounts: AccountService) {
        router.post(
            "/v1/register",
            OperationDoc(
                summary: "Create an account and log in",
                description: """
                    The password needs at least 10 characters, must not be a common password and must not contain the \
                    e-mail. A verification link is e-mailed; the account works at once. The answer holds the first tokens.
                    """,
                tags: ["account"],
                requestBody: .init(schema: .reference("Register"), "E-mail, password and name"),
                responses: [
                    .init(201, "Created and logged in", schema: .reference("TokenResponse")),
                    .init(409, "The e-mail already has an account", contentType: "application/problem+json", schema: .reference("Problem")),
                    .init(422, "Invalid e-mail or name, or a weak password", contentType: "application/problem+json", schema: .reference("Problem")),
                ]
            )
        ) { request, context in
            let body = try await context.requestDecoder.decode(AuthBodies.Register.self, from: request, context: context)
            let tokens = try await accounts.register(email: body.email, password: body.password, name: body.name, client: RequestFacts.client(request, context: context))
            return try RefreshCookie.tokenResponse(tokenBody(tokens), request: request, lifetime: accounts.refreshLifetime, status: .created, location: "/v1/me")
        }

        router.post(
            "/v1/login",
            OperationDoc(
                summary: "Log in with e-mail and password",
                description: """
                    Answers the tokens, or `mfa_required` with an `mfa_token` when two-factor authentication is on (finish with \
                    POST /v1/mfa/login). After 5 failed attempts the account is locked for 15 minutes; the answer is the same \
                    whether the e-mail exists, the password is wrong or the account is locked.
                    """,
                tags: ["account"],
                requestBody: .init(schema: .reference("Login"), "Credentials and, optionally, the organisation to act for"),
                responses: [
                    .init(200, "The tokens, or the MFA challenge", schema: .oneOf([.reference("TokenResponse"), .reference("MFARequired")])),
                    .init(401, "Wrong e-mail or password, or locked", contentType: "application/problem+json", schema: .reference("Problem")),
                    .init(403, "Not a member of the requested organisation", contentType: "application/problem+json", schema: .reference("Problem")),
                ]
            )
        ) { request, context in
            let body = try await context.requestDecoder.decode(AuthBodies.Login.self, from: request, context: context)
            let tenant = try RequestFacts.tenant(body.organizationId)
            switch try await accounts.login(email: body.email, password: body.password, tenant: tenant, client: RequestFacts.client(request, context: context)) {
            case .tokens(let tokens):
                return try RefreshCookie.tokenResponse(tokenBody(tokens), request: request, lifetime: accounts.refreshLifetime)
            case .mfaRequired(let challenge):
                return try Response.json(AuthBodies.MFARequired(mfaToken: challenge, expiresIn: Int(AccountService.mfaChallengeLifetime / 1000)))
            }
        }

        router.post(
            "/v1/mfa/login",
            OperationDoc(
                summary: "Finish a login with the authenticator code or a recovery code",
                tags: ["account", "mfa"],
                requestBody: .init(schema: .reference("MFALogin"), "The mfa_token from /v1/login and a `code` or `recovery_code`"),
                responses: [
                    .init(200, "The tokens", schema: .reference("TokenResponse")),
                    .init(401, "Wrong code", contentType: "application/problem+json", schema: .reference("Problem")),
                    .init(422, "The MFA token expired or was used up; log in again", contentType: "application/problem+json", schema: .reference("Problem")),
                ]
            )
        ) { request, context in
            let body = try await context.requestDecoder.decode(AuthBodies.MFALogin.self, from: request, context: context)
            guard body.code != nil || body.recoveryCode != nil else { throw AuthProblem.invalid("code", "send the 6-digit `code` or a `recovery_code`") }
            let tokens = try await accounts.completeMFALogin(
                challenge: body.mfaToken, code: body.code, recoveryCode: body.recoveryCode, tenant: try RequestFacts.tenant(body.organizationId),
                client: RequestFacts.client(request, context: context)
            )
            return try RefreshCookie.tokenResponse(tokenBody(tokens), request: request, lifetime: accounts.refreshLifetime)
        }

        router.post(
            "/v1/refresh",
            OperationDoc(
                summary: "Exchange a refresh token for new tokens",
                description: """
                    Refresh tokens are single-use: each answer holds the next one. Presenting a used one again revokes the whole session. \
                    Browsers send `X-Session-Cookie: 1` and no `refresh_token`: the token then comes from, and goes back to, the \
                    httpOnly `mpesa_refresh` cookie (also set by register and login with that header), never the page's scripts.
                    """,
                tags: ["account"],
                requestBody: .init(schema: .reference("Refresh"), "The refresh token and, optionally, another organisation of yours"),
                responses: [
                    .init(200, "New access and refresh tokens", schema: .reference("TokenResponse")),
                    .init(401, "Unknown, expired, revoked or reused refresh token", contentType: "application/problem+json", schema: .reference("Problem")),
                ]
            )
        ) { request, context in
            let body = try await Self.refreshBody(request, context: context)
            guard let token = body.refreshToken ?? RefreshCookie.token(request) else {
                throw AuthProblem.invalid("refresh_token", "send the `refresh_token`, or `X-Session-Cookie: 1` with the session cookie")
            }
            do {
                let tokens = try await accounts.refresh(token: token, tenant: try RequestFacts.tenant(body.organizationId))
                return try RefreshCookie.tokenResponse(tokenBody(tokens), request: request, lifetime: accounts.refreshLifetime)
            } catch var problem as Problem where problem.status == 401 && RefreshCookie.requested(request) {
                // The cookie is spent for good (expired, revoked, reused): the browser forgets it.
                problem.headers["Set-Cookie"] = RefreshCookie.setCookie("", maxAge: 0, request: request)
                throw problem
            }
        }

        router.post(
            "/v1/logout",
            OperationDoc(
                summary: "End this session", description: "Its refresh token stops working at once and its access tokens within a second everywhere.",
                tags: ["account"], responses: [.init(204, "Logged out")], requiresAuth: true
            )
        ) { request, context in
            let caller = try await RequestFacts.user(request, context: context, accounts: accounts)
            try await accounts.logout(session: caller.sessionID!, userID: caller.userID)
            return RefreshCookie.clearing(.noContent(), request: request)
        }

        router.post(
            "/v1/logout-all",
            OperationDoc(summary: "End every session of this account, this one included", tags: ["account"], responses: [.init(204, "Logged out everywhere")], requiresAuth: true)
        ) { request, context in
            let caller = try await RequestFacts.user(request, context: context, accounts: accounts)
            try await accounts.logoutAll(userID: caller.userID)
            return .noContent()
        }

        router.get(
            "/v1/me",
            OperationDoc(
                summary: "Who I am", description: "The account, what the presented token acts for, and the organisations the account belongs to.",
                tags: ["account"], responses: [.init(200, "The profile", schema: .reference("Profile"))], requiresAuth: true
            )
        ) { request, context in
            let caller = try await RequestFacts.user(request, context: context, accounts: accounts)
            guard let user = try await accounts.user(id: caller.userID) else { throw TokenRejection.revoked }
            return try Response.json(await profile(user, caller: caller, accounts: accounts))
        }

        router.patch(
            "/v1/me",
            OperationDoc(
                summary: "Change my name", tags: ["account"], requestBody: .init(schema: .reference("UpdateProfile"), "The new name"),
                responses: [.init(200, "The profile", schema: .reference("Profile"))], requiresAuth: true
            )
        ) { request, context in
            let caller = try await RequestFacts.user(request, context: context, accounts: accounts)
            let body = try await context.requestDecoder.decode(AuthBodies.UpdateProfile.self, from: request, context: context)
            let user = try await accounts.updateProfile(userID: caller.userID, name: body.name)
            return try Response.json(await profile(user, caller: caller, accounts: accounts))
        }

        router.post(
            "/v1/email/verify",
            OperationDoc(
                summary: "Confirm the e-mail address with the token from the verification link", tags: ["account"],
                requestBody: .init(schema: .reference("OneTimeToken"), "The token from the link"),
                responses: [
                    .init(204, "Verified"),
                    .init(422, "The link expired or was used", contentType: "application/problem+json", schema: .reference("Problem")),
                ]
            )
        ) { request, context in
            let body = try await context.requestDecoder.decode(AuthBodies.EmailToken.self, from: request, context: context)
            try await accounts.verifyEmail(token: body.token)
            return .noContent()
        }

        router.post(
            "/v1/email/resend",
            OperationDoc(summary: "Send the verification link again", tags: ["account"], responses: [.init(202, "Sent, unless already verified")], requiresAuth: true)
        ) { request, context in
            let caller = try await RequestFacts.user(request, context: context, accounts: accounts)
            try await accounts.resendVerification(userID: caller.userID)
            return Response(status: .accepted, headers: [.cacheControl: "no-store"])
        }
    }

    /// The refresh body; in cookie mode it may be empty (or absent) and the token comes from the cookie.
    static func refreshBody(_ request: Request, context: some RequestContext) async throws -> AuthBodies.Refresh {
        if RefreshCookie.requested(request), (request.headers[.contentLength] == "0" || request.headers[.contentLength] == nil && request.headers[.transferEncoding] == nil) {
            return AuthBodies.Refresh(refreshToken: nil, organizationId: nil)
        }
        return try await context.requestDecoder.decode(AuthBodies.Refresh.self, from: request, context: context)
    }

    static func tokenBody(_ tokens: AccountService.SessionTokens) -> AuthBodies.Token {
        AuthBodies.Token(
            accessToken: tokens.accessToken, expiresIn: tokens.expiresIn, refreshToken: tokens.refreshToken.isEmpty ? nil : tokens.refreshToken,
            sessionId: tokens.sessionID, organizationId: tokens.tenantID, role: tokens.role
        )
    }

    static func profile(_ user: UserRecord, caller: Caller, accounts: AccountService) async -> AuthBodies.Profile {
        let memberships = await accounts.organizations(of: user.id)
        return AuthBodies.Profile(
            id: user.id, email: user.email, name: user.name, emailVerified: user.email_verified_at != nil, mfaEnabled: user.mfaEnabled,
            platformAdmin: user.isPlatformAdmin, createdAt: Date(milliseconds: user.created_at), organizationId: caller.tenantID?.rawValue,
            role: caller.role?.rawValue, scopes: caller.scopes.sorted(), sessionId: caller.sessionID,
            memberships: memberships?.map { AuthBodies.Membership(organizationId: $0.tenantId, name: $0.name, role: $0.role) }
        )
    }
}
