import Platform

/// The analytics service's refusals, each one problem type (docs/problems.md lists them).
enum AnalyticsProblem {
    static func duplicateStatement(_ statementID: String) -> Problem {
        Problem(
            type: "statement-already-uploaded", title: "This file is already in your ledger", status: .conflict,
            detail: "The same file was uploaded before as statement \(statementID); nothing was added. Delete that statement first to upload it again.",
            extensions: ["statement_id": .string(statementID)]
        )
    }

    static let emptyStatement = Problem(
        type: "statement-without-transactions", title: "The statement has no transactions", status: .unprocessableContent,
        detail: "The file was read, but it lists no M-PESA transactions; nothing was stored. Check that it is the right statement and period."
    )

    /// Findings that mean part of the file could not be read: storing the rest would leave half a statement.
    static let incompleteReadCodes: Set<String> = ["unreadable_row", "page_missing", "invalid_encoding"]

    static func incompleteStatement(_ findings: [(code: String, message: String)]) -> Problem {
        Problem(
            type: "statement-incomplete", title: "Part of the statement could not be read", status: .unprocessableContent,
            detail: "\(findings.count) part(s) of the file could not be read (first: \(findings.first?.message ?? "")); nothing was stored. "
                + "Upload the complete file as Safaricom sent it.",
            extensions: ["findings": .array(findings.prefix(20).map { .object([("code", .string($0.code)), ("message", .string($0.message))]) })]
        )
    }

    /// The organisation's plan allows no more of `limit` this month (the tenant service's problem type, the same words).
    static func planLimit(_ limit: Limit, allowed: Int64, plan: Plan) -> Problem {
        Problem(
            type: "plan-limit", title: "The plan's limit is reached", status: .forbidden,
            detail: "The \(plan.name) plan allows \(allowed) \(limit.rawValue.replacingOccurrences(of: "_", with: " ")); nothing was stored. Upgrade the plan or wait for next month.",
            extensions: ["limit": .string(limit.rawValue), "allowed": .int(allowed), "plan": .string(plan.id.rawValue)]
        )
    }

    static func notFound(_ what: String, _ id: String) -> Problem {
        Problem.notFound("No \(what) \(id.prefix(60)) in this organisation")
    }

    static func invalid(_ pointer: String, _ detail: String) -> Problem {
        .validation("Some input is not valid", errors: [.init(pointer: pointer, detail: detail)])
    }

    static func tooMany(_ what: String, _ count: Int, limit: Int) -> Problem {
        Problem(
            type: "batch-too-large", title: "Too many \(what) in one request", status: .contentTooLarge,
            detail: "This request names \(count) \(what); send at most \(limit) per request",
            extensions: ["limit": .int(Int64(limit)), "received": .int(Int64(count))]
        )
    }
}
