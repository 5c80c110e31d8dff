/// A route as registered: method, Hummingbird path pattern and its documentation.
public struct RegisteredRoute: Sendable {
    public var method: String
    /// The path as registered, with `{name}` captures and `**` for "the rest of the path".
    public var path: String
    public var doc: OperationDoc

    /// The path in OpenAPI form (`**` becomes `{rest}`).
    public var openAPIPath: String {
        path.replacingOccurrences(of: "**", with: "{rest}")
    }

    /// The names of the `{captures}` in the path.
    public var pathParameters: [String] {
        openAPIPath.split(separator: "/").compactMap { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
        }
    }

    /// A stable operation id such as `get_v1_statements_id`.
    public var operationID: String {
        let words = openAPIPath.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        return ([method.lowercased()] + words).joined(separator: "_")
    }
}
