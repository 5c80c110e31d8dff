import Foundation
import HTTPTypes
import Hummingbird
import Platform

/// Cookie mode for browsers: the refresh token travels in an httpOnly cookie that page scripts cannot read, so a
/// cross-site script can steal at most a short-lived access token (kept in memory by the dashboard).
///
/// A client asks for it with `X-Session-Cookie: 1` on register, login, MFA login and refresh. The answer then carries
/// `Set-Cookie: mpesa_refresh=…; HttpOnly; SameSite=Strict; Path=/api/v1/auth` and its JSON body omits
/// `refresh_token`. `POST /v1/refresh` with the same header and no `refresh_token` in the body reads the cookie; the
/// header is required for that, so a form or image on another site (which cannot set it without a CORS preflight
/// that the gateway refuses) cannot spend the cookie. Logout and a refused refresh clear it.
enum RefreshCookie {
    static let name = "mpesa_refresh"
    static let modeHeader = HTTPField.Name("X-Session-Cookie")!
    /// The path at the gateway (`/api/v1/auth/…`), where browsers call the auth service.
    static let path = "/api/v1/auth"

    static func requested(_ request: Request) -> Bool {
        guard let value = request.headers[modeHeader]?.lowercased() else { return false }
        return value == "1" || value == "true"
    }

    /// The refresh token from the request's `Cookie` header, if the client asked for cookie mode.
    static func token(_ request: Request) -> String? {
        guard requested(request) else { return nil }
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name else { continue }
                let value = parts[1].trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { return value }
            }
        }
        return nil
    }

    /// The answer for fresh tokens: in cookie mode the refresh token moves from the body to the cookie.
    static func tokenResponse(_ body: AuthBodies.Token, request: Request, lifetime: Duration, status: HTTPResponse.Status = .ok, location: String? = nil) throws -> Response {
        guard requested(request), let refresh = body.refreshToken else { return try Response.json(body, status: status, location: location) }
        var body = body
        body.refreshToken = nil
        var response = try Response.json(body, status: status, location: location)
        response.headers.append(HTTPField(name: .setCookie, value: setCookie(refresh, maxAge: lifetime.components.seconds, request: request)))
        return response
    }

    /// Adds a `Set-Cookie` that removes the cookie (logout, or a refresh refused for good).
    static func clearing(_ response: Response, request: Request) -> Response {
        guard requested(request) else { return response }
        var response = response
        response.headers.append(HTTPField(name: .setCookie, value: setCookie("", maxAge: 0, request: request)))
        return response
    }

    /// `Secure` whenever the browser reached us over HTTPS (as the gateway reports it), so it also works on plain
    /// http://localhost during development.
    static func setCookie(_ value: String, maxAge: Int64, request: Request) -> String {
        let secure = request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
        return "\(name)=\(value); Path=\(path); Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }
}
