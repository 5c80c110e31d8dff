import Hummingbird
import Logging
import NIOCore

/// The request context every service uses: Hummingbird's core storage plus the request id, the body limit and
/// the lazily verified caller.
public struct ServiceRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Limit for bodies collected by ``decodeJSON(_:from:)`` and uploads; set per service by the runtime.
    public var maxUploadSize: Int
    /// The request id: the caller's `X-Request-Id` when well-formed, otherwise generated.
    public var requestID: String
    /// Verifies bearer tokens on demand; nil on services that take no authenticated requests.
    public var authenticator: Authenticator?
    /// Verifies `X-Service-Token` on internal routes.
    public var serviceCredential: ServiceCredential?
    /// Facts for the access log learned during handling (the caller's tenant).
    public var scope: RequestScope
    /// The peer's IP address, for `X-Forwarded-For` and per-IP rate limits.
    public let remoteIP: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteIP = source.channel.remoteAddress?.ipAddress
        self.maxUploadSize = 1 << 20
        self.requestID = ""
        self.authenticator = nil
        self.serviceCredential = nil
        self.scope = RequestScope()
    }

    public var requestDecoder: ServiceJSONCoding { ServiceJSONCoding() }
    public var responseEncoder: ServiceJSONCoding { ServiceJSONCoding() }
}

extension ServiceRequestContext {
    /// The platform service making an internal call; 403 problem for anything else, whatever headers it sends.
    public func requireService(_ request: Request, allowed: Set<ServiceName>? = nil) throws -> ServiceName {
        guard let credential = serviceCredential,
            let caller = credential.verify(request.headers[.init(ServiceCredential.header)!], method: request.method.rawValue, path: request.uri.path),
            allowed.map({ $0.contains(caller) }) ?? true
        else {
            throw Problem.forbidden("Internal route: only the platform's own services may call it")
        }
        return caller
    }
}
