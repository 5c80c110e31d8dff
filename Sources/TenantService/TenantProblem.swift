import Platform

/// The tenant service's refusals.
enum TenantProblem {
    /// The same answer whether the organisation does not exist or the caller is not in it, so ids cannot be probed.
    static func organizationNotFound(_ id: String) -> Problem {
        .notFound("There is no organisation \(id.prefix(64)) that you belong to")
    }

    static func invalid(_ field: String, _ reason: String) -> Problem {
        .validation("Some input is not valid", errors: [.init(pointer: "/\(field)", detail: reason)])
    }

    static func lastOwner(_ detail: String) -> Problem {
        Problem(type: "last-owner", title: "An organisation needs an owner", status: .conflict, detail: detail)
    }

    static func limitReached(_ limit: Limit, value: Int64, plan: Plan) -> Problem {
        Problem(
            type: "plan-limit", title: "The plan's limit is reached", status: .forbidden,
            detail: "The \(plan.name) plan allows \(value) \(limit.rawValue.replacingOccurrences(of: "_", with: " ")); upgrade the plan or remove some first",
            extensions: ["limit": .string(limit.rawValue), "allowed": .int(value), "plan": .string(plan.id.rawValue)]
        )
    }

    static func notUsable(_ facts: TenantFacts) -> Problem {
        Problem(
            type: "organization-unavailable", title: "The organisation is \(facts.status.rawValue)", status: .conflict,
            detail: facts.status == .suspended
                ? "The organisation is suspended; contact support to reactivate it"
                : "The organisation is \(facts.status.rawValue); restore it first"
        )
    }

    static let switchFirst = Problem.forbidden(
        "This token acts for another organisation; switch to this one first (POST /api/v1/tenant/organizations/{id}/switch)"
    )
}
