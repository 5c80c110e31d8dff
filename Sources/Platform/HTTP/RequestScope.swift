import NIOConcurrencyHelpers

/// Facts learned while a request is handled that the outer layers (access log, metrics) need afterwards,
/// such as the tenant of the verified caller. One instance per request; safe to share across tasks.
public final class RequestScope: Sendable {
    private let tenant = NIOLockedValueBox<String?>(nil)

    public init() {}

    public var tenantID: String? {
        get { tenant.withLockedValue { $0 } }
        set { tenant.withLockedValue { $0 = newValue } }
    }

    /// The request id of the request being handled by the current task, for outgoing calls to propagate.
    @TaskLocal public static var currentRequestID: String?
}
