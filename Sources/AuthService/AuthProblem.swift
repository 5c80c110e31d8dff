import HTTPTypes
import Platform

/// The auth service's refusals, each one problem type with a message saying what to do.
enum AuthProblem {
    /// The same answer for an unknown e-mail, a wrong password and a locked account, so the response never tells
    /// an attacker which e-mails have accounts.
    static let invalidCredentials = Problem(
        type: "invalid-credentials", title: "The e-mail or password is wrong", status: .unauthorized,
        detail: "Check the e-mail and password. After 5 failed attempts an account is locked for 15 minutes; reset the password if you have forgotten it.",
        headers: ["WWW-Authenticate": "Bearer"]
    )

    static func weakPassword(_ reason: String) -> Problem {
        Problem(type: "weak-password", title: "The password is not strong enough", status: .unprocessableContent, detail: reason, errors: [.init(pointer: "/password", detail: reason)])
    }

    static let emailTaken = Problem(
        type: "email-taken", title: "That e-mail already has an account", status: .conflict,
        detail: "Log in instead, or reset the password if you have forgotten it"
    )

    static func invalid(_ field: String, _ reason: String) -> Problem {
        .validation("Some input is not valid", errors: [.init(pointer: "/\(field)", detail: reason)])
    }

    static let invalidRefreshToken = Problem(
        type: "invalid-refresh-token", title: "The refresh token is not valid", status: .unauthorized,
        detail: "The session ended, was revoked or the token was already used; log in again", extensions: ["reason": "refresh_invalid"],
        headers: ["WWW-Authenticate": "Bearer error=\"invalid_token\""]
    )

    static let invalidOneTimeToken = Problem(
        type: "invalid-token", title: "The link is not valid", status: .unprocessableContent,
        detail: "The link has expired or was already used; ask for a new one"
    )

    static let invalidMFACode = Problem(
        type: "invalid-mfa-code", title: "The code is not valid", status: .unauthorized,
        detail: "Enter the current 6-digit code from your authenticator app, or one of your recovery codes"
    )

    static let invalidAPIKey = Problem(
        type: "invalid-api-key", title: "The API key is not valid", status: .unauthorized,
        detail: "The key is unknown or was revoked; create a new one in the organisation's settings", extensions: ["reason": "api_key_invalid"],
        headers: ["WWW-Authenticate": "Bearer"]
    )

    /// A wrong code while managing MFA (the caller is logged in, so not a 401).
    static let wrongCode = invalid("code", "the code does not match: enter the current 6-digit code from your authenticator app, or a recovery code")
}
