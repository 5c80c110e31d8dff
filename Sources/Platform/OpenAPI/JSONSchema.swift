/// A JSON Schema (2020-12, as OpenAPI 3.1 uses it), built in code next to the routes it describes.
public indirect enum JSONSchema: Sendable {
    case string(format: String? = nil, description: String? = nil, enumValues: [String]? = nil, example: String? = nil)
    case integer(format: String = "int64", description: String? = nil, minimum: Int64? = nil, maximum: Int64? = nil)
    case number(description: String? = nil)
    case boolean(description: String? = nil)
    case array(of: JSONSchema, description: String? = nil)
    case object(properties: [(String, JSONSchema)], required: [String] = [], description: String? = nil, additionalProperties: JSONSchema? = nil)
    case map(of: JSONSchema, description: String? = nil)
    case reference(String)
    case oneOf([JSONSchema])
    case nullable(JSONSchema)
    case any(description: String? = nil)

    /// Money as the API carries it: an integer number of cents.
    public static func cents(_ description: String) -> JSONSchema {
        .integer(format: "int64", description: "\(description), in cents (KES 1.00 = 100)")
    }

    public static let dateTime = JSONSchema.string(format: "date-time", description: "RFC 3339 time")

    public var json: JSONValue {
        switch self {
        case let .string(format, description, enumValues, example):
            var members: [(String, JSONValue)] = [("type", "string")]
            if let format { members.append(("format", .string(format))) }
            if let enumValues { members.append(("enum", .array(enumValues.map { .string($0) }))) }
            if let description { members.append(("description", .string(description))) }
            if let example { members.append(("examples", .array([.string(example)]))) }
            return .object(members)
        case let .integer(format, description, minimum, maximum):
            var members: [(String, JSONValue)] = [("type", "integer"), ("format", .string(format))]
            if let minimum { members.append(("minimum", .int(minimum))) }
            if let maximum { members.append(("maximum", .int(maximum))) }
            if let description { members.append(("description", .string(description))) }
            return .object(members)
        case let .number(description):
            return .object([("type", "number")] + (description.map { [("description", JSONValue.string($0))] } ?? []))
        case let .boolean(description):
            return .object([("type", "boolean")] + (description.map { [("description", JSONValue.string($0))] } ?? []))
        case let .array(items, description):
            return .object([("type", "array"), ("items", items.json)] + (description.map { [("description", JSONValue.string($0))] } ?? []))
        case let .object(properties, required, description, additionalProperties):
            var members: [(String, JSONValue)] = [("type", "object")]
            if let description { members.append(("description", .string(description))) }
            members.append(("properties", .object(properties.map { ($0.0, $0.1.json) })))
            if !required.isEmpty { members.append(("required", .array(required.map { .string($0) }))) }
            if let additionalProperties { members.append(("additionalProperties", additionalProperties.json)) }
            return .object(members)
        case let .map(values, description):
            return .object([("type", "object"), ("additionalProperties", values.json)] + (description.map { [("description", JSONValue.string($0))] } ?? []))
        case let .reference(name):
            return .object([("$ref", .string("#/components/schemas/\(name)"))])
        case let .oneOf(schemas):
            return .object([("oneOf", .array(schemas.map(\.json)))])
        case let .nullable(schema):
            return .object([("oneOf", .array([schema.json, .object([("type", "null")])]))])
        case let .any(description):
            return .object(description.map { [("description", JSONValue.string($0))] } ?? [])
        }
    }
}
