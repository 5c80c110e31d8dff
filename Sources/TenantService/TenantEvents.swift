import Platform
import SQLKit

/// Events of the `tenant` topic (key: the organisation id), written in the same transaction as the change.
/// Every process follows this topic: `tenant.*` events drop cached facts (``TenantDirectory``), suspension and
/// deletion stop the organisation's tokens (``AccessRevocations``), removal from an organisation ends the
/// member's sessions there (the auth service).
enum TenantEvents {
    static let topic = "tenant"

    static func enqueue(_ type: String, tenant: String, data: JSONValue = [:], on db: any SQLDatabase) async throws {
        try await Outbox.enqueue(EventRecord(topic: topic, key: tenant, envelope: EventEnvelope(type: type, tenantId: tenant, data: data)), on: db)
    }
}
