import Categorization
import Platform
import SQLKit

/// A tenant's own category, or its change to a default one.
struct CategoryRecord: Decodable, Sendable {
    let slug: String
    let name: String
    let category_group: String
    let description: String
    let is_default: Int
    let archived_at: Int64?
    let replaced_by: String?
    let created_at: Int64
    let updated_at: Int64
}

enum CategoryStore {
    static func all(tenant: String, on db: any SQLDatabase) async throws -> [CategoryRecord] {
        try await db.raw(
            """
            SELECT slug, name, category_group, description, is_default, archived_at, replaced_by, created_at, updated_at
            FROM categorizer_categories WHERE tenant_id = \(bind: tenant) ORDER BY created_at, slug
            """
        ).all(decoding: CategoryRecord.self)
    }

    /// The tenant's taxonomy: defaults under the tenant's names, then its own categories; archived ones left out.
    static func taxonomy(tenant: String, on db: any SQLDatabase) async throws -> Taxonomy {
        Self.taxonomy(from: try await all(tenant: tenant, on: db))
    }

    static func taxonomy(from records: [CategoryRecord], includeArchived: Bool = false) -> Taxonomy {
        let changes = Dictionary(records.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        var categories: [CategoryDefinition] = []
        for category in DefaultTaxonomy.categories {
            var merged = category
            if let change = changes[category.slug] {
                if change.archived_at != nil, !includeArchived { continue }
                merged.name = change.name
                merged.description = change.description
            }
            categories.append(merged)
        }
        for record in records where record.is_default == 0 && (includeArchived || record.archived_at == nil) {
            categories.append(
                CategoryDefinition(
                    slug: record.slug, name: record.name, group: CategoryGroup(rawValue: record.category_group) ?? .expense, description: record.description
                )
            )
        }
        return Taxonomy(categories: categories)
    }

    static func upsert(tenant: String, _ category: CategoryDefinition, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO categorizer_categories (tenant_id, slug, name, category_group, description, is_default, archived_at, replaced_by, created_at, updated_at)
            VALUES (\(bind: tenant), \(bind: category.slug), \(bind: category.name), \(bind: category.group.rawValue), \(bind: category.description),
                    \(bind: category.isDefault ? 1 : 0), NULL, NULL, \(bind: now), \(bind: now))
            ON CONFLICT (tenant_id, slug) DO UPDATE SET name = excluded.name, description = excluded.description, updated_at = excluded.updated_at,
                archived_at = NULL, replaced_by = NULL, category_group = excluded.category_group
            """
        ).run()
    }

    static func archive(tenant: String, slug: String, replacement: String?, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE categorizer_categories SET archived_at = \(bind: now), replaced_by = \(bind: replacement), updated_at = \(bind: now)
            WHERE tenant_id = \(bind: tenant) AND slug = \(bind: slug)
            """
        ).run()
    }

    /// Whether the slug was ever used by this tenant (archived categories keep their slug reserved).
    static func exists(tenant: String, slug: String, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw("SELECT 1 AS found FROM categorizer_categories WHERE tenant_id = \(bind: tenant) AND slug = \(bind: slug)").first() != nil
    }
}
