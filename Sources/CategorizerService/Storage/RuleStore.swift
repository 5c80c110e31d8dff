import Categorization
import Foundation
import Platform
import SQLKit

/// A stored rule: the definition (JSON of ``Rule``) at its current version.
struct RuleRecord: Decodable, Sendable {
    let id: String
    let version: Int
    let definition: String
    let deleted_at: Int64?
    let created_at: Int64
    let updated_at: Int64

    func rule() throws -> Rule {
        var rule = try ServiceJSONCoding.makeDecoder().decode(Rule.self, from: Data(definition.utf8))
        rule.id = id
        return rule
    }
}

struct RuleVersionRecord: Decodable, Sendable {
    let rule_id: String
    let version: Int
    let definition: String
    let change: String
    let changed_by: String
    let changed_at: Int64
}

enum RuleStore {
    static func encode(_ rule: Rule) throws -> String {
        String(decoding: try ServiceJSONCoding.makeEncoder().encode(rule), as: UTF8.self)
    }

    static func live(tenant: String, on db: any SQLDatabase) async throws -> [RuleRecord] {
        try await db.raw(
            """
            SELECT id, version, definition, deleted_at, created_at, updated_at FROM categorizer_rules
            WHERE tenant_id = \(bind: tenant) AND deleted_at IS NULL ORDER BY created_at, id
            """
        ).all(decoding: RuleRecord.self)
    }

    static func find(tenant: String, id: String, on db: any SQLDatabase) async throws -> RuleRecord? {
        try await db.raw(
            """
            SELECT id, version, definition, deleted_at, created_at, updated_at FROM categorizer_rules
            WHERE tenant_id = \(bind: tenant) AND id = \(bind: id) AND deleted_at IS NULL
            """
        ).first(decoding: RuleRecord.self)
    }

    /// Stores `rule` as a new version (1 for a new rule) and records the version in the history.
    static func save(tenant: String, _ rule: Rule, previousVersion: Int?, change: String, by user: String, now: Int64, on db: any SQLDatabase) async throws -> Int {
        let definition = try encode(rule)
        let version = (previousVersion ?? 0) + 1
        if previousVersion == nil {
            try await db.raw(
                """
                INSERT INTO categorizer_rules (tenant_id, id, version, definition, deleted_at, created_at, updated_at)
                VALUES (\(bind: tenant), \(bind: rule.id), 1, \(bind: definition), NULL, \(bind: now), \(bind: now))
                """
            ).run()
        } else {
            try await db.raw(
                """
                UPDATE categorizer_rules SET version = \(bind: version), definition = \(bind: definition), updated_at = \(bind: now)
                WHERE tenant_id = \(bind: tenant) AND id = \(bind: rule.id)
                """
            ).run()
        }
        try await recordVersion(tenant: tenant, ruleID: rule.id, version: version, definition: definition, change: change, by: user, now: now, on: db)
        return version
    }

    static func delete(tenant: String, _ record: RuleRecord, by user: String, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE categorizer_rules SET deleted_at = \(bind: now), version = \(bind: record.version + 1), updated_at = \(bind: now) WHERE tenant_id = \(bind: tenant) AND id = \(bind: record.id)"
        ).run()
        try await recordVersion(tenant: tenant, ruleID: record.id, version: record.version + 1, definition: record.definition, change: "deleted", by: user, now: now, on: db)
    }

    static func versions(tenant: String, id: String, on db: any SQLDatabase) async throws -> [RuleVersionRecord] {
        try await db.raw(
            """
            SELECT rule_id, version, definition, change, changed_by, changed_at FROM categorizer_rule_versions
            WHERE tenant_id = \(bind: tenant) AND rule_id = \(bind: id) ORDER BY version
            """
        ).all(decoding: RuleVersionRecord.self)
    }

    private static func recordVersion(
        tenant: String, ruleID: String, version: Int, definition: String, change: String, by user: String, now: Int64, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO categorizer_rule_versions (tenant_id, rule_id, version, definition, change, changed_by, changed_at)
            VALUES (\(bind: tenant), \(bind: ruleID), \(bind: version), \(bind: definition), \(bind: change), \(bind: user), \(bind: now))
            """
        ).run()
    }
}
