import Foundation
import MPesaCore
import Platform
import SQLKit

/// An organisation's usage against its plan: seats, API keys, and this month's metered quantities.
struct UsageReport: Sendable {
    struct Item: Encodable, Sendable {
        var metric: String
        var used: Int64
        /// nil when the plan sets no limit.
        var limit: Int64?
        var period: String?
    }

    struct Answer: Encodable, Sendable {
        var organizationId: String
        var plan: String
        var period: String
        var items: [Item]
    }

    let database: any DatabaseProvider
    let records: TenantStore
    let accounts: AuthAccounts
    let time: TimeSource

    /// `2026-11`: the calendar month of `date` in the organisation's time zone.
    static func period(of date: Date, timezone: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timezone) ?? TimeZone(identifier: "Africa/Nairobi")!
        let parts = calendar.dateComponents([.year, .month], from: date)
        return String(format: "%04d-%02d", parts.year ?? 1970, parts.month ?? 1)
    }

    func report(_ grant: OrganizationAccess.Grant, period requested: String?) async throws -> Answer {
        let organization = grant.organization
        let plan = organization.facts.plan
        let period = try requested.map(Self.validPeriod) ?? Self.period(of: time.now, timezone: organization.timezone)
        let tenant = grant.tenant
        let now = time.milliseconds
        let (members, pending) = try await database.withTransaction { db in
            (try await MembershipStore.count(tenant: tenant.rawValue, on: db), try await InvitationStore.countPending(tenant: tenant.rawValue, now: now, on: db))
        }
        let metered = try await records.read(tenant) { db in try await UsageStore.period(tenant: tenant.rawValue, period: period, on: db) }
        var items = [
            Item(metric: "members", used: Int64(members), limit: plan.limit(.members)),
            Item(metric: "pending_invitations", used: Int64(pending), limit: nil),
        ]
        if let keys = await accounts.apiKeyCount(tenant) {
            items.append(Item(metric: "api_keys", used: Int64(keys), limit: plan.limit(.apiKeys)))
        }
        items.append(Item(metric: "statements", used: metered["statements"] ?? 0, limit: plan.limit(.statementsPerMonth), period: period))
        items.append(Item(metric: "transactions", used: metered["transactions"] ?? 0, limit: plan.limit(.transactionsPerMonth), period: period))
        for (metric, used) in metered.sorted(by: { $0.key < $1.key }) where metric != "statements" && metric != "transactions" {
            items.append(Item(metric: metric, used: used, limit: nil, period: period))
        }
        return Answer(organizationId: tenant.rawValue, plan: plan.id.rawValue, period: period, items: items)
    }

    static func validPeriod(_ text: String) throws -> String {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (2000...2100).contains(year),
            (1...12).contains(month)
        else { throw TenantProblem.invalid("period", "give a month as YYYY-MM, e.g. 2026-11") }
        return text
    }
}
