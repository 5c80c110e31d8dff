import Hummingbird
import Platform

/// Two-factor authentication with an authenticator app (TOTP, RFC 6238) and single-use recovery codes.
enum MFARoutes {
    static func register(on router: ServiceRouter, accounts: AccountService) {
        router.post(
            "/v1/mfa/enroll",
            OperationDoc(
                summary: "Start enrolling an authenticator app",
                description: "Answers the secret and an otpauth:// URL (show it as a QR code). MFA is on only after POST /v1/mfa/enable confirms a code.",
                tags: ["mfa"],
                responses: [
                    .init(200, "The secret", schema: .reference("MFAEnrolment")),
                    .init(409, "MFA is already on", contentType: "application/problem+json", schema: .reference("Problem")),
                ],
                requiresAuth: true
            )
        ) { request, context in
            let caller = try await RequestFacts.user(request, context: context, accounts: accounts)
            let enrolment = try await accounts.enrolMFA(userID: caller.userID)
            return try Response.json(AuthBodies.MFAEnrolment(secret: enrolment.secret, otpauthUrl: enrolment.otpauthURL, next: "POST /v1/mfa/enable with a current code"))
        }

        router.post(
            "/v1/mfa/enable",
            OperationDoc(
                summary: "Turn MFA on by confirming a code from the app",
                description: "Answers ten single-use recovery codes, shown only this once.",
                tags: ["mfa"], requestBody: .init(schema: .reference("MFACode"), "A current 6-digit code"),
                responses: [
                    .init(200, "On; keep the recovery codes safe", schema: .reference("RecoveryCodes")),
                    .init(422, "Wrong code", contentType: "application/problem+json", schema: .reference("Problem")),
                    .init(409, "No enrolment started, or already on", contentType: "application/problem+json", schema: .reference("Problem")),
                ],
                requiresAuth: true
            )
        ) { request, context in
            let caller = try await RequestFacts.user(request, context: context, accounts: accounts)
            let body = try await context.requestDecoder.decode(AuthBodies.MFACode.self, from: request, context: context)
            return try Response.json(AuthBodies.RecoveryCodes(recoveryCodes: try await accounts.enableMFA(userID: caller.userID, code: body.code)))
        }

        router.post(
            "/v1/mfa/disable",
            OperationDoc(
                summary: "Turn MFA off", tags: ["mfa"], requestBody: .init(schema: .reference("DisableMFA"), "The password and a current code or a recovery code"),
                responses: [
                    .init(204, "Off"),
                    .init(422, "Wrong password or code", contentType: "application/problem+json", schema: .reference("Problem")),
                ],
                requiresAuth: true
            )
        ) { request, context in
            let caller = try await RequestFacts.user(request, context: context, accounts: accounts)
            let body = try await context.requestDecoder.decode(AuthBodies.DisableMFA.self, from: request, context: context)
            guard body.code != nil || body.recoveryCode != nil else { throw AuthProblem.invalid("code", "send the 6-digit `code` or a `recovery_code`") }
            try await accounts.disableMFA(userID: caller.userID, password: body.password, code: body.code, recoveryCode: body.recoveryCode)
            return .noContent()
        }
    }
}
