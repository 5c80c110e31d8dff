import AsyncHTTPClient
import NIOHTTP1

/// Calls other services' internal routes (`/internal/v1/…`), each request signed with this service's credential.
public struct InternalClient: Sendable {
    public let client: ServiceHTTPClient
    public let credential: ServiceCredential
    public let settings: PlatformSettings

    public init(client: ServiceHTTPClient, credential: ServiceCredential, settings: PlatformSettings) {
        self.client = client
        self.credential = credential
        self.settings = settings
    }

    /// Sends JSON to `service` at `path` and decodes the JSON answer.
    public func call<T: Decodable>(
        _ service: ServiceName, _ method: HTTPMethod, _ path: String, body: (some Encodable)? = Optional<String>.none, as type: T.Type,
        timeout: Duration? = nil
    ) async throws(UpstreamError) -> T {
        var headers = HTTPHeaders()
        headers.add(name: ServiceCredential.header, value: credential.token(method: method.rawValue, path: path))
        return try await client.json(method, url: settings.url(of: service) + path, body: body, headers: headers, timeout: timeout, as: type)
    }
}
