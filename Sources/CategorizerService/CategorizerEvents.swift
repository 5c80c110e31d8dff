import Categorization
import Platform
import SQLKit

/// `transaction.categorized` events (topic `categorization`, key: the organisation): which transactions got which
/// category, and why the change happened. Written in the transaction that stored the decisions; at most 500
/// transactions per event.
enum CategorizerEvents {
    static let topic = "categorization"
    static let categorized = "transaction.categorized"

    struct Change: Sendable {
        var transactionID: String
        var category: String
        var previous: String?
        var source: CategorizationSource
        var confidence: Double
    }

    static func enqueue(_ changes: [Change], cause: String, tenant: String, on db: any SQLDatabase) async throws {
        for start in stride(from: 0, to: changes.count, by: 500) {
            let chunk = changes[start..<min(start + 500, changes.count)]
            let items: [JSONValue] = chunk.map { change in
                .object([
                    ("transaction_id", .string(change.transactionID)), ("category", .string(change.category)),
                    ("previous_category", change.previous.map(JSONValue.string) ?? .null), ("source", .string(change.source.rawValue)),
                    ("confidence_bp", .int(Int64((change.confidence * 10_000).rounded()))),
                ])
            }
            let data: JSONValue = ["cause": .string(cause), "transactions": .array(items)]
            try await Outbox.enqueue(EventRecord(topic: topic, key: tenant, envelope: EventEnvelope(type: categorized, tenantId: tenant, data: data)), on: db)
        }
    }
}
