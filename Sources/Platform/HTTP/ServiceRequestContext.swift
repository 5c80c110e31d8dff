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
        self.scope = RequestScope()
    }

    public var requestDecoder: ServiceJSONCoding { ServiceJSONCoding() }
    public var responseEncoder: ServiceJSONCoding { ServiceJSONCoding() }
}
