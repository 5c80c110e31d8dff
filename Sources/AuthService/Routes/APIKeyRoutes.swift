import Foundation
import Hummingbird
import NIOCore
import Platform

/// API keys for machine clients, and `POST /v1/token`, which exchanges one for an access token.
enum APIKeyRoutes {
    static func register(on router: ServiceRouter, accounts: AccountService) {
        router.post(
            "/v1/api-keys",
            OperationDoc(
                summary: "Create an API key for the current organisation",
                description: """
                    Admins and owners only. The key acts with `role` (default viewer, never above yours) and the given `scopes` \
                    (default: all of the role's). The answer shows the key once; only its prefix is kept visible.
                    """,
                tags: ["api keys"], requestBody: .init(schema: .reference("CreateAPIKey"), "Name, role and scopes"),
                responses: [
                    .init(201, "Created; copy the key now", schema: .reference("APIKey")),
                    .init(403, "Not an admin of the organisation", contentType: "application/problem+json", schema: .reference("Problem")),
                ],
                requiresAuth: true
            )
        ) { request, context in
            let caller = try await RequestFacts.user(request, context: context, accounts: accounts)
            try caller.require(scope: Scope.manageAPIKeys)
            let body = try await context.requestDecoder.decode(AuthBodies.CreateAPIKey.self, from: request, context: context)
            let role: Role
            if let text = body.role {
                guard let parsed = Role(rawValue: text) else {
                    throw AuthProblem.invalid("role", "choose one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                role = parsed
            } else {
                role = .viewer
            }
            let created = try await accounts.createAPIKey(caller: caller, name: body.name, role: role, scopes: body.scopes)
            return try Response.json(AuthBodies.APIKey(created.record, key: created.key), status: .created, location: "/v1/api-keys/\(created.record.id)")
        }

        router.get(
            "/v1/api-keys",
            OperationDoc(
                summary: "The current organisation's API keys", description: "Revoked keys included, with when each was last used.",
                tags: ["api keys"], responses: [.init(200, "The keys", schema: .reference("APIKeys"))], requiresAuth: true
            )
        ) { request, context in
            let caller = try await RequestFacts.user(request, context: context, accounts: accounts)
            try caller.require(scope: Scope.manageAPIKeys)
            return try Response.json(AuthBodies.APIKeys(apiKeys: try await accounts.listAPIKeys(caller: caller).map { AuthBodies.APIKey($0) }))
        }

        router.delete(
            "/v1/api-keys/{id}",
            OperationDoc(
                summary: "Revoke an API key", description: "It stops working at once, and so do the access tokens exchanged for it.",
                tags: ["api keys"], parameters: [.init("id", in: .path, "The key id")],
                responses: [
                    .init(204, "Revoked"),
                    .init(404, "No such active key in this organisation", contentType: "application/problem+json", schema: .reference("Problem")),
                ],
                requiresAuth: true
            )
        ) { request, context in
            let caller = try await RequestFacts.user(request, context: context, accounts: accounts)
            try caller.require(scope: Scope.manageAPIKeys)
            let id = context.parameters.get("id") ?? ""
            guard try await accounts.revokeAPIKey(caller: caller, id: id) else { throw Problem.notFound("This organisation has no active API key \(id.prefix(40))") }
            return .noContent()
        }

        router.post(
            "/v1/token",
            OperationDoc(
                summary: "Exchange an API key for an access token (OAuth 2.0 client credentials)",
                description: """
                    Send `grant_type=client_credentials` and the key as `client_secret`, form-encoded (RFC 6749 §4.4) or as JSON \
                    (`api_key` also accepted), or send no body and the key as `Authorization: Bearer mpk_…`. The token carries \
                    the key's organisation, role and scopes.
                    """,
                tags: ["api keys"],
                requestBody: .init("application/x-www-form-urlencoded", schema: .reference("ClientCredentials"), "grant_type and client_secret"),
                responses: [
                    .init(200, "An access token", schema: .reference("TokenResponse")),
                    .init(401, "Unknown or revoked key", contentType: "application/problem+json", schema: .reference("Problem")),
                ]
            )
        ) { request, context in
            let key = try await presentedKey(request, context: context)
            let issued = try await accounts.exchange(apiKey: key)
            return try Response.json(AuthBodies.Token(accessToken: issued.token, expiresIn: issued.expiresIn, scope: issued.scope))
        }
    }

    /// The API key of a token request, from whichever of the three accepted places it was sent in.
    static func presentedKey(_ request: Request, context: ServiceRequestContext) async throws -> String {
        if let bearer = Authenticator.bearerToken(request.headers[.authorization]), bearer.hasPrefix("mpk_") { return bearer }
        let contentType = request.headers[.contentType].map(MediaTypeCheck.essence(of:)) ?? ""
        let body: AuthBodies.ClientCredentials
        if contentType == "application/x-www-form-urlencoded" {
            let buffer = try await request.body.collect(upTo: 16 << 10)
            let fields = FormFields.parse(String(buffer: buffer))
            body = AuthBodies.ClientCredentials(grantType: fields["grant_type"], apiKey: fields["api_key"], clientSecret: fields["client_secret"])
        } else {
            body = try await context.requestDecoder.decode(AuthBodies.ClientCredentials.self, from: request, context: context)
        }
        if let grant = body.grantType, grant != "client_credentials" {
            throw Problem(
                type: "unsupported-grant-type", title: "Unsupported grant type", status: .badRequest,
                detail: "Only grant_type=client_credentials is supported here; users log in with POST /v1/login", extensions: ["error": "unsupported_grant_type"]
            )
        }
        guard let key = body.clientSecret ?? body.apiKey, !key.isEmpty else {
            throw AuthProblem.invalid("client_secret", "send the API key as `client_secret`")
        }
        return key
    }
}

/// `application/x-www-form-urlencoded` bodies (WHATWG URL standard): `+` is a space, `%XX` a byte.
enum FormFields {
    static func parse(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            if fields[name] == nil { fields[name] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return fields
    }

    private static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
