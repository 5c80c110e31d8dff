import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat

/// The JSON conventions of the public API: snake_case keys, RFC 3339 times, and precise errors for bad bodies.
///
/// Wire types spell acronyms as words (`jwksUrl`, `tenantId`) so the snake_case conversion is lossless.
public struct ServiceJSONCoding: RequestDecoder, ResponseEncoder {
    public init() {}

    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = RFC3339.parse(text) { return date }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an RFC 3339 time such as 2026-01-31T09:15:00Z")
        }
        return decoder
    }

    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Decodes a JSON body: 415 unless the Content-Type is JSON, 413 beyond the size limit, 400 for broken JSON
    /// and 422 with a JSON Pointer for a body of the wrong shape.
    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        let contentType = request.headers[.contentType]
        guard let contentType, MediaTypeCheck.isJSON(contentType) else {
            throw Problem.unsupportedMediaType(got: contentType, expected: ["application/json"])
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Problem.payloadTooLarge(limit: context.maxUploadSize)
        }
        return try Self.decode(T.self, from: buffer)
    }

    /// Decodes JSON bytes with the problem mapping described on ``decode(_:from:context:)``.
    public static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        guard buffer.readableBytes > 0 else {
            throw Problem.badRequest("The request body is empty; send a JSON object")
        }
        do {
            return try makeDecoder().decode(T.self, from: buffer)
        } catch let error as DecodingError {
            throw Self.problem(for: error)
        }
    }

    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        let data = try Self.makeEncoder().encode(value)
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(data.count)],
            body: .init(byteBuffer: ByteBuffer(data: data))
        )
    }

    static func problem(for error: DecodingError) -> Problem {
        func pointer(_ path: [any CodingKey]) -> String {
            "/" + path.map { key in
                key.intValue.map(String.init) ?? snakeCase(key.stringValue)
            }.joined(separator: "/")
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return .badRequest("The body is not valid JSON: \(context.underlyingError.map { "\($0)" } ?? context.debugDescription)")
        case .dataCorrupted(let context):
            return .validation("A field has an invalid value", errors: [.init(pointer: pointer(context.codingPath), detail: context.debugDescription)])
        case .keyNotFound(let key, let context):
            return .validation(
                "A required field is missing",
                errors: [.init(pointer: pointer(context.codingPath + [key]), detail: "'\(snakeCase(key.stringValue))' is required")]
            )
        case .typeMismatch(let type, let context):
            return .validation(
                "A field has the wrong type",
                errors: [.init(pointer: pointer(context.codingPath), detail: "expected \(JSONTypeName.of(type))")]
            )
        case .valueNotFound(let type, let context):
            return .validation(
                "A field is null",
                errors: [.init(pointer: pointer(context.codingPath), detail: "expected \(JSONTypeName.of(type)), got null")]
            )
        @unknown default:
            return .badRequest("The body could not be decoded")
        }
    }

    /// The snake_case spelling of a Swift property name, as it appears on the wire.
    static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                if !result.isEmpty { result.append("_") }
                result.append(Character(character.lowercased()))
            } else {
                result.append(character)
            }
        }
        return result
    }
}

/// Names Swift types the way a JSON client thinks of them, for error messages.
enum JSONTypeName {
    static func of(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type, is UInt64.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        default:
            "\(type)".hasPrefix("Array") ? "an array" : (("\(type)".hasPrefix("Dictionary")) ? "an object" : "a value of type \(type)")
        }
    }
}

/// Content-Type matching that ignores parameters and case (`application/json; charset=utf-8`).
public enum MediaTypeCheck {
    public static func isJSON(_ contentType: String) -> Bool {
        let essence = essence(of: contentType)
        return essence == "application/json" || (essence.hasPrefix("application/") && essence.hasSuffix("+json"))
    }

    public static func essence(of contentType: String) -> String {
        contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    }
}

/// RFC 3339 timestamps as the API writes (UTC, `Z`) and reads (any offset, optional fractional seconds).
public enum RFC3339 {
    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let plain = Date.ISO8601FormatStyle()

    /// UTC with milliseconds when the time has them (`2026-01-31T09:15:00.250Z`), without otherwise.
    public static func format(_ date: Date) -> String {
        // Milliseconds are computed from the rounded count, not left to the formatter, which truncates
        // binary fractions (…47.122999 would print as .122).
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let (wholeSeconds, positiveFraction) = fraction < 0 ? (seconds - 1, fraction + 1000) : (seconds, fraction)
        let text = Date(timeIntervalSince1970: TimeInterval(wholeSeconds)).formatted(plain)
        guard positiveFraction != 0 else { return text }
        let digits = String(positiveFraction)
        return String(text.dropLast()) + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    public static func parse(_ text: String) -> Date? {
        if text.contains("."), let date = try? withFraction.parse(text) { return date }
        if let date = try? plain.parse(text) { return date }
        // ISO8601FormatStyle without a time zone option only accepts `Z`; accept explicit offsets too.
        let offsetStyle = Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .colon)
        return try? offsetStyle.parse(text)
    }
}
