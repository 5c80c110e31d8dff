import Hummingbird
import Platform

/// Changing a known password and resetting a forgotten one by e-mail.
enum PasswordRoutes {
    static func register(on router: ServiceRouter, accounts: AccountService) {
        router.post(
            "/v1/password/change",
            OperationDoc(
                summary: "Change my password", description: "Needs the current password; every other session is logged out.",
                tags: ["password"], requestBody: .init(schema: .reference("ChangePassword"), "The current and the new password"),
                responses: [
                    .init(204, "Changed"),
                    .init(422, "Wrong current password, or a weak new one", contentType: "application/problem+json", schema: .reference("Problem")),
                ],
                requiresAuth: true
            )
        ) { request, context in
            let caller = try await RequestFacts.user(request, context: context, accounts: accounts)
            let body = try await context.requestDecoder.decode(AuthBodies.ChangePassword.self, from: request, context: context)
            try await accounts.changePassword(userID: caller.userID, currentSession: caller.sessionID, current: body.currentPassword, new: body.newPassword)
            return .noContent()
        }

        router.post(
            "/v1/password/forgot",
            OperationDoc(
                summary: "E-mail a password-reset link",
                description: "Always answers 202, so the answer never tells whether the e-mail has an account. The link works once, for 30 minutes.",
                tags: ["password"], requestBody: .init(schema: .reference("ForgotPassword"), "The account's e-mail"),
                responses: [.init(202, "A link was sent if the e-mail has an account")]
            )
        ) { request, context in
            let body = try await context.requestDecoder.decode(AuthBodies.ForgotPassword.self, from: request, context: context)
            try await accounts.requestPasswordReset(email: body.email)
            return Response(status: .accepted, headers: [.cacheControl: "no-store"])
        }

        router.post(
            "/v1/password/reset",
            OperationDoc(
                summary: "Set a new password with the token from the reset link",
                description: "Logs out every session of the account.",
                tags: ["password"], requestBody: .init(schema: .reference("ResetPassword"), "The token and the new password"),
                responses: [
                    .init(204, "Changed; log in with the new password"),
                    .init(422, "The link expired or was used, or the password is weak", contentType: "application/problem+json", schema: .reference("Problem")),
                ]
            )
        ) { request, context in
            let body = try await context.requestDecoder.decode(AuthBodies.ResetPassword.self, from: request, context: context)
            try await accounts.resetPassword(token: body.token, new: body.newPassword)
            return .noContent()
        }
    }
}
