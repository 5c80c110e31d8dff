import Categorization
import Platform

/// The categorizer's refusals.
enum CategorizerProblem {
    static func invalid(_ issues: [RuleIssue], prefix: String = "") -> Problem {
        .validation("Some input is not valid", errors: issues.map { .init(pointer: prefix + $0.pointer, detail: $0.detail) })
    }

    static func invalid(_ pointer: String, _ detail: String) -> Problem {
        .validation("Some input is not valid", errors: [.init(pointer: pointer, detail: detail)])
    }

    static func tooManyTransactions(_ count: Int, limit: Int) -> Problem {
        Problem(
            type: "batch-too-large", title: "Too many transactions in one request", status: .contentTooLarge,
            detail: "This request has \(count) transactions; send at most \(limit) per request and split the rest into further requests",
            extensions: ["limit": .int(Int64(limit)), "received": .int(Int64(count))]
        )
    }

    static func unknownCategory(_ slug: String, pointer: String, taxonomy: Taxonomy) -> Problem {
        invalid(pointer, "there is no category `\(slug.prefix(60))`; use one of: \(taxonomy.categories.map(\.slug).joined(separator: ", "))")
    }

    static func categoryInUse(_ slug: String, transactions: Int, rules: Int) -> Problem {
        Problem(
            type: "category-in-use", title: "The category is in use", status: .conflict,
            detail: "`\(slug)` is on \(transactions) transactions and set by \(rules) rules; delete it with ?replacement=<slug> to move them to another category",
            extensions: ["transactions": .int(Int64(transactions)), "rules": .int(Int64(rules))]
        )
    }

    static func defaultCategory(_ slug: String) -> Problem {
        Problem(
            type: "default-category", title: "Default categories cannot be deleted", status: .conflict,
            detail: "`\(slug)` ships with the product and other tenants' reports rely on it; rename it instead (PATCH /v1/categories/\(slug))"
        )
    }

    static func conflict(_ detail: String) -> Problem {
        Problem(type: "conflict", title: "Conflict", status: .conflict, detail: detail)
    }

    static func unknownTransaction(_ id: String) -> Problem {
        .notFound("No categorised transaction \(id.prefix(80)) in this organisation; send the transaction itself in `transaction` to correct it")
    }
}
