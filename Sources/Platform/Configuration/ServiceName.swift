/// The services of the platform, with the port each listens on by default (ARCHITECTURE §2).
public enum ServiceName: String, Sendable, CaseIterable, Codable, Hashable, CustomStringConvertible {
    case gateway
    case auth
    case tenant
    case analytics
    case parser
    case categorizer
    case cashflow
    case billing
    case payment
    case webhook

    public var defaultPort: Int {
        switch self {
        case .gateway: 9000
        case .auth: 8001
        case .tenant: 8002
        case .analytics: 8000
        case .parser: 8004
        case .categorizer: 8009
        case .cashflow: 8005
        case .billing: 8008
        case .payment: 8007
        case .webhook: 8010
        }
    }

    /// The back-end services the gateway routes to, in the order operators read them.
    public static let upstreams: [ServiceName] = [
        .auth, .tenant, .analytics, .parser, .categorizer, .cashflow, .billing, .payment, .webhook,
    ]

    /// Whether the service keeps state of its own (and so owns a database).
    public var hasStorage: Bool {
        switch self {
        case .gateway, .parser, .cashflow: false
        default: true
        }
    }

    public var description: String { rawValue }
}
