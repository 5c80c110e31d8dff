import Categorization
import Foundation
import MPesaCore
import Platform
import StatementGeneration

/// The categorizer's request and answer shapes (snake_case on the wire).
enum CategorizerBodies {
    struct Counterparty: Codable, Sendable {
        var name: String?
        var phone: String?
        var shortcode: String?
        var accountReference: String?
    }

    /// A transaction to categorise: the parser's output, or just Details, direction and amount (the kind and the
    /// counterparty are then read from Details the way the parser does).
    struct Transaction: Codable, Sendable {
        var id: String
        var details: String
        var direction: String
        var amountCents: Int64
        var kind: String?
        var counterparty: Counterparty?
        /// Nairobi wall time, `YYYY-MM-DD HH:MM:SS`.
        var localTime: String?
        var completedAt: Date?

        static let maximumDetails = 2_000

        func input(pointer: String, errors: inout [Problem.FieldError]) -> CategorizationInput? {
            let before = errors.count
            let trimmedID = id.trimmingCharacters(in: .whitespaces)
            if trimmedID.isEmpty || trimmedID.count > 200 { errors.append(.init(pointer: "\(pointer)/id", detail: "give each transaction an id of 1 to 200 characters")) }
            if details.count > Self.maximumDetails { errors.append(.init(pointer: "\(pointer)/details", detail: "at most \(Self.maximumDetails) characters")) }
            let direction = Direction(rawValue: direction)
            if direction == nil { errors.append(.init(pointer: "\(pointer)/direction", detail: "direction is `in` or `out`")) }
            if amountCents < 0 { errors.append(.init(pointer: "\(pointer)/amount_cents", detail: "amount_cents is a positive number of cents; the direction says which way it moved")) }
            var kind: TransactionKind?
            if let raw = self.kind {
                kind = TransactionKind(rawValue: raw)
                if kind == nil {
                    errors.append(.init(pointer: "\(pointer)/kind", detail: "unknown kind `\(raw.prefix(40))`; use one of: \(TransactionKind.allCases.map(\.rawValue).joined(separator: ", "))"))
                }
            }
            var local: LocalDateTime?
            if let text = localTime {
                local = LocalDateTime(parsing: text)
                if local == nil { errors.append(.init(pointer: "\(pointer)/local_time", detail: "`\(text.prefix(40))` is not a time such as 2026-03-14 08:12:44")) }
            } else if let completedAt {
                local = LocalDateTime(instant: completedAt)
            }
            guard errors.count == before, let direction else { return nil }
            var input = CategorizationTraining.input(id: trimmedID, details: details, direction: direction, amountCents: amountCents, localTime: local)
            if let kind { input.kind = kind }
            if let counterparty {
                input.counterpartyName = counterparty.name ?? input.counterpartyName
                input.counterpartyPhone = counterparty.phone ?? input.counterpartyPhone
                input.shortcode = counterparty.shortcode ?? input.shortcode
                input.accountReference = counterparty.accountReference ?? input.accountReference
            }
            return input
        }
    }

    struct Categorize: Decodable {
        var transactions: [Transaction]
        /// Store the decisions as the tenant's history (default true); false only answers.
        var persist: Bool?
    }

    struct Results: Encodable {
        var results: [CategorizationResult]
        var modelVersion: String
        var count: Int
        var uncategorized: Int
    }

    struct CorrectionBody: Decodable {
        var transactionId: String
        var category: String
        var transaction: Transaction?
    }

    struct Feedback: Decodable {
        var corrections: [CorrectionBody]?
        var transactionId: String?
        var category: String?
        var transaction: Transaction?
    }

    struct FeedbackOutcome: Encodable {
        var transactionId: String
        var category: String
        var previousCategory: String?
        var suggestion: Suggestion?
    }

    struct FeedbackAnswer: Encodable {
        var corrections: [FeedbackOutcome]
    }

    struct Category: Encodable {
        var slug: String
        var name: String
        var group: String
        var description: String
        var isDefault: Bool
        var archived: Bool
        var replacedBy: String?
        var transactions: Int?

        init(_ category: CategoryDefinition, archived: Bool = false, replacedBy: String? = nil, transactions: Int? = nil) {
            slug = category.slug
            name = category.name
            group = category.group.rawValue
            description = category.description
            isDefault = category.isDefault
            self.archived = archived
            self.replacedBy = replacedBy
            self.transactions = transactions
        }
    }

    struct Categories: Encodable {
        var categories: [Category]
    }

    struct NewCategory: Decodable {
        var slug: String?
        var name: String
        var group: String
        var description: String?
    }

    struct CategoryChange: Decodable {
        var name: String?
        var description: String?
    }

    struct Deleted: Encodable {
        var slug: String
        var replacement: String?
        var transactionsMoved: Int
        var rulesUpdated: Int
    }

    struct StoredRule: Encodable {
        var id: String
        var name: String
        var stage: String
        var priority: Int
        var match: String
        var triggers: [RuleTrigger]
        var actions: [RuleAction]
        var stopProcessing: Bool
        var active: Bool
        var version: Int
        var createdAt: Date
        var updatedAt: Date

        init(_ stored: RuleBook.StoredRule) {
            let rule = stored.rule
            id = rule.id
            name = rule.name
            stage = rule.stage.rawValue
            priority = rule.priority
            match = rule.match.rawValue
            triggers = rule.triggers
            actions = rule.actions
            stopProcessing = rule.stopProcessing
            active = rule.active
            version = stored.version
            createdAt = Date(milliseconds: stored.createdAt)
            updatedAt = Date(milliseconds: stored.updatedAt)
        }
    }

    struct Rules: Encodable {
        var rules: [StoredRule]
    }

    /// A rule as sent; `version` on an update must be the version the client read.
    struct RuleWrite: Decodable {
        var rule: Rule
        var version: Int?

        init(from decoder: any Decoder) throws {
            rule = try Rule(from: decoder)
            let container = try decoder.container(keyedBy: Keys.self)
            version = try container.decodeIfPresent(Int.self, forKey: .version)
        }

        enum Keys: String, CodingKey { case version }
    }

    struct RuleVersion: Encodable {
        var version: Int
        var change: String
        var changedBy: String
        var changedAt: Date
        var rule: Rule?
    }

    struct RuleVersions: Encodable {
        var ruleId: String
        var versions: [RuleVersion]
    }

    struct DryRunRequest: Decodable {
        var rule: Rule?
        var includeManual: Bool?
    }

    struct DryRunExample: Encodable {
        var transactionId: String
        var details: String
        var amountCents: Int64
        var direction: String
        var from: String
        var to: String
    }

    struct DryRunAnswer: Encodable {
        var scanned: Int
        var matched: Int
        var wouldChange: Int
        var keptManual: Int
        var transitions: [String: [String: Int]]
        var examples: [DryRunExample]
        var truncated: Bool

        init(_ report: RuleBook.DryRun) {
            scanned = report.scanned
            matched = report.matched
            wouldChange = report.wouldChange
            keptManual = report.keptManual
            transitions = report.transitions
            examples = report.examples.map {
                DryRunExample(transactionId: $0.transactionID, details: $0.details, amountCents: $0.amountCents, direction: $0.direction.rawValue, from: $0.from, to: $0.to)
            }
            truncated = report.truncated
        }
    }

    struct Suggestion: Encodable {
        var id: String
        var counterpartyKey: String
        var category: String
        var evidence: Int
        var status: String
        var rule: Rule?
        var ruleId: String?
        var createdAt: Date
        var decidedAt: Date?

        init(_ record: SuggestionRecord) {
            id = record.id
            counterpartyKey = record.counterparty_key
            category = record.category
            evidence = record.evidence
            status = record.status
            rule = try? record.proposedRule()
            ruleId = record.rule_id
            createdAt = Date(milliseconds: record.created_at)
            decidedAt = record.decided_at.map { Date(milliseconds: $0) }
        }
    }

    struct Suggestions: Encodable {
        var suggestions: [Suggestion]
    }

    struct Accept: Decodable {
        var name: String?
    }

    struct Decision: Encodable {
        var suggestion: Suggestion
        var rule: StoredRule?
    }

    struct RecategorizeRequest: Decodable {
        var includeManual: Bool?
    }

    struct Job: Encodable {
        var id: String
        var status: String
        var includeManual: Bool
        var total: Int
        var processed: Int
        var changed: Int
        var progress: Double
        var error: String?
        var createdAt: Date
        var startedAt: Date?
        var finishedAt: Date?

        init(_ record: JobRecord) {
            id = record.id
            status = record.status
            includeManual = record.include_manual == 1
            total = record.total
            processed = record.processed
            changed = record.changed
            progress = record.status == "succeeded" ? 1 : (record.total == 0 ? 0 : min(1, Double(record.processed) / Double(record.total)))
            error = record.error
            createdAt = Date(milliseconds: record.created_at)
            startedAt = record.started_at.map { Date(milliseconds: $0) }
            finishedAt = record.finished_at.map { Date(milliseconds: $0) }
        }
    }

    struct Jobs: Encodable {
        var jobs: [Job]
    }

    struct ModelStatus: Encodable {
        struct Global: Encodable {
            var version: String
            var examples: Int
            var vocabulary: Int
            var categories: Int
            var temperature: Double
        }

        struct Tenant: Encodable {
            var corrections: Int
            var counterpartiesLearned: Int
            var ownCategoriesLearned: [String]
            var vocabulary: Int
            var lastCorrectionAt: Date?
        }

        var global: Global
        var tenant: Tenant
        var threshold: Double
        var order: [String]
    }
}
