import Foundation

/// The one envelope every event travels in (ARCHITECTURE §6).
///
/// `id` is unique per event and is what consumers de-duplicate on; `version` is the schema version of `data` for
/// its `type`; `traceparent` links the consumer's work to the trace of the request that caused it.
public struct EventEnvelope: Sendable, Equatable, Codable {
    public var id: String
    public var type: String
    public var version: Int
    public var tenantId: String?
    public var occurredAt: Date
    public var traceparent: String?
    public var data: JSONValue

    public init(id: String = UUID().uuidString.lowercased(), type: String, version: Int = 1, tenantId: String?, occurredAt: Date = Date(), traceparent: String? = nil, data: JSONValue) {
        self.id = id
        self.type = type
        self.version = version
        self.tenantId = tenantId
        // Whole milliseconds, the precision the JSON form keeps, so an envelope survives a round trip unchanged.
        self.occurredAt = Date(timeIntervalSince1970: (occurredAt.timeIntervalSince1970 * 1000).rounded(.down) / 1000)
        self.traceparent = traceparent
        self.data = data
    }

    /// Equal when every field is, times to the millisecond (the precision the JSON form keeps).
    public static func == (lhs: EventEnvelope, rhs: EventEnvelope) -> Bool {
        lhs.id == rhs.id && lhs.type == rhs.type && lhs.version == rhs.version && lhs.tenantId == rhs.tenantId
            && abs(lhs.occurredAt.timeIntervalSince(rhs.occurredAt)) < 0.0005 && lhs.traceparent == rhs.traceparent && lhs.data == rhs.data
    }

    // The envelope's own fields are spelled snake_case here rather than by a key strategy: a strategy would also
    // rewrite the keys inside `data` (`session_id` would come back as `sessionId`).
    enum CodingKeys: String, CodingKey {
        case id, type, version, data, traceparent
        case tenantId = "tenant_id"
        case occurredAt = "occurred_at"
    }

    /// The envelope as JSON text (snake_case, RFC 3339), the form stored in the outbox and the log.
    public func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(date))
        }
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> EventEnvelope {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = RFC3339.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an RFC 3339 time")
            }
            return date
        }
        return try decoder.decode(EventEnvelope.self, from: Data(text.utf8))
    }
}

/// An event on its way into the log: the envelope plus the topic and the key that orders it.
public struct EventRecord: Sendable, Equatable {
    public var topic: String
    /// Events with the same key keep their order (they land in the same partition). Usually the tenant id.
    public var key: String
    public var envelope: EventEnvelope

    public init(topic: String, key: String, envelope: EventEnvelope) {
        self.topic = topic
        self.key = key
        self.envelope = envelope
    }
}

/// An event read back from the log, with its position.
public struct LoggedEvent: Sendable, Equatable {
    public var topic: String
    public var partition: Int
    public var offset: Int64
    public var key: String
    public var envelope: EventEnvelope
}
