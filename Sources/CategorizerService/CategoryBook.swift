import Categorization
import Foundation
import MPesaCore
import Platform
import SQLKit

/// A tenant's categories: the defaults (renamable, never deletable) and its own (deletable; what used one moves to
/// a replacement the tenant chooses).
struct CategoryBook: Sendable {
    let categorizing: Categorizing
    static let maximumCustom = 100

    struct Listed: Sendable {
        var category: CategoryDefinition
        var archived: Bool
        var replacedBy: String?
        var transactions: Int
    }

    func list(tenant: TenantID, includeArchived: Bool) async throws -> [Listed] {
        let id = tenant.rawValue
        return try await categorizing.store.read(tenant) { db in
            let records = try await CategoryStore.all(tenant: id, on: db)
            let byslug = Dictionary(records.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
            let counts = try await db.raw("SELECT category, COUNT(*) AS n FROM categorizer_transactions WHERE tenant_id = \(bind: id) GROUP BY category")
                .all().reduce(into: [String: Int]()) { $0[try $1.decode(column: "category", as: String.self)] = try $1.decode(column: "n", as: Int.self) }
            return CategoryStore.taxonomy(from: records, includeArchived: includeArchived).categories.map { category in
                Listed(category: category, archived: byslug[category.slug]?.archived_at != nil, replacedBy: byslug[category.slug]?.replaced_by, transactions: counts[category.slug] ?? 0)
            }
        }
    }

    /// A slug from a name: `Boda maintenance` → `boda_maintenance`.
    static func slug(from name: String) -> String {
        var slug = ""
        for scalar in name.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, slug.last != "_" {
                slug.append("_")
            }
        }
        while slug.hasSuffix("_") { slug.removeLast() }
        if let first = slug.unicodeScalars.first, ("0"..."9").contains(first) { slug = "c_" + slug }
        return String(slug.prefix(48))
    }

    func create(slug: String?, name: String, group: CategoryGroup, description: String?, tenant: TenantID) async throws -> CategoryDefinition {
        let id = tenant.rawValue
        let now = categorizing.now
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...60).contains(name.count) else { throw CategorizerProblem.invalid("/name", "give the category a name of 1 to 60 characters") }
        let slug = slug ?? Self.slug(from: name)
        guard CategoryDefinition.isValidSlug(slug), slug != DefaultTaxonomy.uncategorized else {
            throw CategorizerProblem.invalid("/slug", "a slug is 2 to 48 of a-z, 0-9 and _, starting with a letter (and not `uncategorized`); `\(slug.prefix(60))` is not")
        }
        let category = CategoryDefinition(slug: slug, name: name, group: group, description: description ?? "")
        try await categorizing.store.write(tenant) { db in
            let taken = try await CategoryStore.exists(tenant: id, slug: slug, on: db)
            if DefaultTaxonomy.bySlug[slug] != nil || taken {
                throw CategorizerProblem.conflict("The category `\(slug)` exists already (deleted categories keep their slug); choose another slug")
            }
            let custom = try await CategoryStore.all(tenant: id, on: db).filter { $0.is_default == 0 && $0.archived_at == nil }.count
            if custom >= Self.maximumCustom { throw CategorizerProblem.conflict("An organisation can have at most \(Self.maximumCustom) categories of its own") }
            try await CategoryStore.upsert(tenant: id, category, now: now, on: db)
        }
        return category
    }

    func update(_ slug: String, name: String?, description: String?, tenant: TenantID) async throws -> CategoryDefinition {
        let id = tenant.rawValue
        let now = categorizing.now
        return try await categorizing.store.write(tenant) { db in
            guard var category = try await CategoryStore.taxonomy(tenant: id, on: db)[slug] else { throw Problem.notFound("No category \(slug.prefix(60))") }
            if let name {
                let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
                guard (1...60).contains(trimmed.count) else { throw CategorizerProblem.invalid("/name", "give the category a name of 1 to 60 characters") }
                category.name = trimmed
            }
            if let description { category.description = String(description.prefix(500)) }
            try await CategoryStore.upsert(tenant: id, category, now: now, on: db)
            return category
        }
    }

    /// Deletes a category of the tenant's own. One in use needs a replacement: its transactions, corrections and
    /// rules move there (rules as new versions), and the change is announced per transaction.
    func delete(_ slug: String, replacement: String?, tenant: TenantID, user: String) async throws -> (moved: Int, rules: Int) {
        let id = tenant.rawValue
        let now = categorizing.now
        let moved = try await categorizing.store.write(tenant) { db -> (Int, Int) in
            let taxonomy = try await CategoryStore.taxonomy(tenant: id, on: db)
            guard taxonomy[slug] != nil else { throw Problem.notFound("No category \(slug.prefix(60))") }
            if DefaultTaxonomy.bySlug[slug] != nil { throw CategorizerProblem.defaultCategory(slug) }
            let transactions = try await CategorizedTransactionStore.count(tenant: id, category: slug, on: db)
            let rules = try await RuleStore.live(tenant: id, on: db).filter { record in
                (try? record.rule())?.actions.contains { $0.type == .setCategory && $0.value == slug } ?? false
            }
            guard let replacement else {
                if transactions > 0 || !rules.isEmpty { throw CategorizerProblem.categoryInUse(slug, transactions: transactions, rules: rules.count) }
                try await CategoryStore.archive(tenant: id, slug: slug, replacement: nil, now: now, on: db)
                return (0, 0)
            }
            guard replacement != slug, taxonomy.contains(replacement) else {
                throw CategorizerProblem.unknownCategory(replacement, pointer: "replacement", taxonomy: taxonomy)
            }
            let ids = try await CategorizedTransactionStore.ids(tenant: id, category: slug, on: db)
            try await CategorizedTransactionStore.reassign(tenant: id, from: slug, to: replacement, now: now, on: db)
            try await FeedbackStore.reassign(tenant: id, from: slug, to: replacement, on: db)
            for record in rules {
                var rule = try record.rule()
                rule.actions = rule.actions.map { $0.type == .setCategory && $0.value == slug ? .setCategory(replacement) : $0 }
                _ = try await RuleStore.save(
                    tenant: id, rule, previousVersion: record.version, change: "category \(slug) deleted, replaced by \(replacement)", by: user, now: now, on: db
                )
            }
            try await CategoryStore.archive(tenant: id, slug: slug, replacement: replacement, now: now, on: db)
            try await CategorizerEvents.enqueue(
                ids.map { .init(transactionID: $0, category: replacement, previous: slug, source: .manual, confidence: 1) }, cause: "category_deleted", tenant: id, on: db
            )
            return (ids.count, rules.count)
        }
        categorizing.models.forget(tenant: id)
        categorizing.outboxSignal.notify()
        return moved
    }
}
