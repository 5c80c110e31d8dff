import Categorization
import Foundation
import MPesaCore
import Platform
import SQLKit

/// A tenant's rules: validated, versioned (every change kept), and tried out over the tenant's history before
/// they are saved.
struct RuleBook: Sendable {
    let categorizing: Categorizing

    /// At most this many of the tenant's transactions are replayed by a dry run.
    static let dryRunLimit = 200_000
    static let maximumRules = 500

    struct StoredRule: Sendable {
        var rule: Rule
        var version: Int
        var createdAt: Int64
        var updatedAt: Int64
    }

    func list(tenant: TenantID) async throws -> [StoredRule] {
        let id = tenant.rawValue
        return try await categorizing.store.read(tenant) { db in
            try await RuleStore.live(tenant: id, on: db).map { StoredRule(rule: try $0.rule(), version: $0.version, createdAt: $0.created_at, updatedAt: $0.updated_at) }
        }
    }

    func get(_ ruleID: String, tenant: TenantID) async throws -> StoredRule {
        let id = tenant.rawValue
        return try await categorizing.store.read(tenant) { db in
            guard let record = try await RuleStore.find(tenant: id, id: ruleID, on: db) else { throw Problem.notFound("No rule \(ruleID.prefix(60))") }
            return StoredRule(rule: try record.rule(), version: record.version, createdAt: record.created_at, updatedAt: record.updated_at)
        }
    }

    func versions(_ ruleID: String, tenant: TenantID) async throws -> [RuleVersionRecord] {
        let id = tenant.rawValue
        return try await categorizing.store.read(tenant) { db in
            let versions = try await RuleStore.versions(tenant: id, id: ruleID, on: db)
            if versions.isEmpty { throw Problem.notFound("No rule \(ruleID.prefix(60))") }
            return versions
        }
    }

    /// Creates a rule (no `id`) or stores a new version of one; `expectedVersion` guards against overwriting a change
    /// someone else made meanwhile.
    func save(_ rule: Rule, existing ruleID: String?, expectedVersion: Int?, tenant: TenantID, user: String, change: String? = nil) async throws -> StoredRule {
        let id = tenant.rawValue
        let now = categorizing.now
        return try await categorizing.store.write(tenant) { db in
            try await save(rule, existing: ruleID, expectedVersion: expectedVersion, tenant: id, user: user, change: change, now: now, on: db)
        }
    }

    func save(
        _ rule: Rule, existing ruleID: String?, expectedVersion: Int?, tenant id: String, user: String, change: String?, now: Int64, on db: any SQLDatabase
    ) async throws -> StoredRule {
        let taxonomy = try await CategoryStore.taxonomy(tenant: id, on: db)
        let issues = RuleValidator.validate(rule, taxonomy: taxonomy)
        if !issues.isEmpty { throw CategorizerProblem.invalid(issues) }
        var rule = rule
        rule.name = rule.name.trimmingCharacters(in: .whitespaces)
        if let ruleID {
            guard let record = try await RuleStore.find(tenant: id, id: ruleID, on: db) else { throw Problem.notFound("No rule \(ruleID.prefix(60))") }
            if let expectedVersion, expectedVersion != record.version {
                throw CategorizerProblem.conflict("The rule is at version \(record.version), not \(expectedVersion): someone changed it; reload and try again")
            }
            rule.id = ruleID
            let version = try await RuleStore.save(tenant: id, rule, previousVersion: record.version, change: change ?? "updated", by: user, now: now, on: db)
            return StoredRule(rule: rule, version: version, createdAt: record.created_at, updatedAt: now)
        }
        if try await RuleStore.live(tenant: id, on: db).count >= Self.maximumRules {
            throw CategorizerProblem.conflict("An organisation can have at most \(Self.maximumRules) rules; delete some first")
        }
        rule.id = Identifiers.make("rule_")
        _ = try await RuleStore.save(tenant: id, rule, previousVersion: nil, change: change ?? "created", by: user, now: now, on: db)
        return StoredRule(rule: rule, version: 1, createdAt: now, updatedAt: now)
    }

    func delete(_ ruleID: String, tenant: TenantID, user: String) async throws {
        let id = tenant.rawValue
        let now = categorizing.now
        try await categorizing.store.write(tenant) { db in
            guard let record = try await RuleStore.find(tenant: id, id: ruleID, on: db) else { throw Problem.notFound("No rule \(ruleID.prefix(60))") }
            try await RuleStore.delete(tenant: id, record, by: user, now: now, on: db)
        }
    }

    struct DryRun: Sendable {
        var scanned: Int
        var matched: Int
        var wouldChange: Int
        var keptManual: Int
        var transitions: [String: [String: Int]]
        var examples: [Example]
        var truncated: Bool

        struct Example: Sendable {
            var transactionID: String
            var details: String
            var amountCents: Int64
            var direction: Direction
            var from: String
            var to: String
        }
    }

    /// What saving `candidate` (a new rule, or a new version of one; nil: the rules as they are) would change over
    /// the tenant's history, without changing anything.
    func dryRun(_ candidate: Rule?, tenant: TenantID, includeManual: Bool = false, exampleLimit: Int = 50) async throws -> DryRun {
        let id = tenant.rawValue
        let global = await categorizing.models.global()
        return try await categorizing.store.read(tenant) { db in
            if let candidate {
                let issues = RuleValidator.validate(candidate, taxonomy: try await CategoryStore.taxonomy(tenant: id, on: db))
                if !issues.isEmpty { throw CategorizerProblem.invalid(issues, prefix: "/rule") }
            }
            let categorizer = try await categorizing.categorizer(tenant: id, global: global, on: db, replacing: candidate)
            let probe = try candidate.map { try RulesEngine(rules: [$0]) }
            var report = DryRun(scanned: 0, matched: 0, wouldChange: 0, keptManual: 0, transitions: [:], examples: [], truncated: false)
            var cursor: String?
            var features: [UInt64] = []
            var scores: [Float] = []
            while report.scanned < Self.dryRunLimit {
                let page = try await CategorizedTransactionStore.page(tenant: id, after: cursor, limit: 1_000, on: db)
                guard let last = page.last else { break }
                cursor = last.transaction_id
                for record in page {
                    report.scanned += 1
                    let input = try record.decodedInput()
                    if let probe, !probe.evaluate(input).fired.isEmpty { report.matched += 1 }
                    let result = categorizer.categorize(input, features: &features, scores: &scores)
                    guard result.category != record.category else { continue }
                    if record.manual == 1 && !includeManual {
                        report.keptManual += 1
                        continue
                    }
                    report.wouldChange += 1
                    report.transitions[record.category, default: [:]][result.category, default: 0] += 1
                    if report.examples.count < exampleLimit {
                        report.examples.append(
                            .init(transactionID: record.transaction_id, details: input.details, amountCents: input.amountCents, direction: input.direction, from: record.category, to: result.category)
                        )
                    }
                }
            }
            report.truncated = report.scanned >= Self.dryRunLimit
            return report
        }
    }

    /// Accepting a suggestion saves its rule (optionally renamed) and marks it accepted; dismissing remembers the
    /// answer so the same rule is not proposed again.
    func decide(_ suggestionID: String, accept: Bool, name: String?, tenant: TenantID, user: String) async throws -> (SuggestionRecord, StoredRule?) {
        let id = tenant.rawValue
        let now = categorizing.now
        return try await categorizing.store.write(tenant) { db in
            guard let suggestion = try await SuggestionStore.find(tenant: id, id: suggestionID, on: db) else {
                throw Problem.notFound("No suggestion \(suggestionID.prefix(60))")
            }
            guard suggestion.status == "pending" else {
                throw CategorizerProblem.conflict("The suggestion was already \(suggestion.status)")
            }
            var saved: StoredRule?
            if accept {
                var rule = try suggestion.proposedRule()
                if let name, !name.trimmingCharacters(in: .whitespaces).isEmpty { rule.name = name }
                saved = try await save(rule, existing: nil, expectedVersion: nil, tenant: id, user: user, change: "created from suggestion \(suggestion.id)", now: now, on: db)
            }
            try await SuggestionStore.decide(tenant: id, id: suggestion.id, status: accept ? "accepted" : "dismissed", ruleID: saved?.rule.id, by: user, now: now, on: db)
            return (try await SuggestionStore.find(tenant: id, id: suggestion.id, on: db)!, saved)
        }
    }

    func suggestions(tenant: TenantID, status: String?) async throws -> [SuggestionRecord] {
        let id = tenant.rawValue
        return try await categorizing.store.read(tenant) { db in try await SuggestionStore.list(tenant: id, status: status, on: db) }
    }
}
