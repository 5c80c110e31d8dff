/// A route table or gateway setting that cannot be used; start-up stops with its message.
enum GatewayConfigurationError: Error, CustomStringConvertible, Equatable {
    case invalid(String)

    var description: String {
        switch self {
        case .invalid(let message): "gateway configuration: \(message)"
        }
    }
}
