/// The documentation of one route, given where the route is registered so `/openapi.json` cannot miss it.
public struct OperationDoc: Sendable {
    public var summary: String
    public var description: String?
    public var tags: [String]
    public var parameters: [Parameter]
    public var requestBody: Body?
    public var responses: [Response]
    /// Whether the route needs a bearer access token.
    public var requiresAuth: Bool

    public init(
        summary: String,
        description: String? = nil,
        tags: [String] = [],
        parameters: [Parameter] = [],
        requestBody: Body? = nil,
        responses: [Response],
        requiresAuth: Bool = false
    ) {
        self.summary = summary
        self.description = description
        self.tags = tags
        self.parameters = parameters
        self.requestBody = requestBody
        self.responses = responses
        self.requiresAuth = requiresAuth
    }

    public struct Parameter: Sendable {
        public enum Location: String, Sendable { case path, query, header }
        public var name: String
        public var location: Location
        public var required: Bool
        public var schema: JSONSchema
        public var description: String

        public init(_ name: String, in location: Location, required: Bool = false, schema: JSONSchema = .string(), _ description: String) {
            self.name = name
            self.location = location
            self.required = location == .path ? true : required
            self.schema = schema
            self.description = description
        }
    }

    public struct Body: Sendable {
        public var contentType: String
        public var schema: JSONSchema
        public var description: String

        public init(_ contentType: String = "application/json", schema: JSONSchema, _ description: String) {
            self.contentType = contentType
            self.schema = schema
            self.description = description
        }
    }

    public struct Response: Sendable {
        public var status: Int
        public var description: String
        public var contentType: String?
        public var schema: JSONSchema?

        public init(_ status: Int, _ description: String, contentType: String? = "application/json", schema: JSONSchema? = nil) {
            self.status = status
            self.description = description
            self.contentType = schema == nil && contentType == "application/json" ? nil : contentType
            self.schema = schema
        }
    }
}
