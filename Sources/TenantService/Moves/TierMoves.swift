import Foundation
import Logging
import MPesaCore
import NIOHTTP1
import Platform
import SQLKit

/// Moves an organisation's data to another isolation tier across every service that stores tenant data.
///
/// A request records the move and marks the organisation as relocating (every service then refuses its writes;
/// reads go on from the old home). ``TierMoveRunner`` then asks each service to copy and verify (row counts and
/// checksums); when every copy verified, each service switches to the new home and removes the old one, and the
/// organisation's tier changes. If any copy fails, every service drops its copy and the organisation stays where
/// it was. The move's state is in `tier_moves`, so a restart resumes it.
struct TierMoves: Sendable {
    struct ServiceReport: Codable, Sendable {
        var service: String
        var report: RelocationReport
    }

    struct PhaseBody: Encodable {
        var phase: TenantRelocation.Phase
        var from: IsolationTier
        var to: IsolationTier
    }

    let database: any DatabaseProvider
    let client: InternalClient
    let participants: [ServiceName]
    let time: TimeSource
    let outboxSignal: EventSignal
    let wake: EventSignal
    let logger: Logger

    /// Starts a move; the caller polls `GET …/isolation` for its progress.
    func request(_ organization: OrganizationRecord, to tier: IsolationTier, actor: String, ignorePlan: Bool) async throws -> TierMoveRecord {
        let plan = organization.facts.plan
        guard ignorePlan || plan.tiers.contains(tier) else {
            throw Problem(
                type: "tier-not-in-plan", title: "The plan does not include this tier", status: .forbidden,
                detail: "The \(plan.name) plan allows \(plan.tiers.map(\.rawValue).joined(separator: ", ")); upgrade the plan for \(tier.rawValue)"
            )
        }
        guard organization.status == "active" else { throw TenantProblem.notUsable(organization.facts) }
        let id = Identifiers.make("mov_", length: 16)
        let now = time.milliseconds
        let tenant = organization.id
        let move = try await database.withTransaction { db -> TierMoveRecord in
            guard let current = try await OrganizationStore.find(tenant, on: db) else { throw TenantProblem.organizationNotFound(tenant) }
            if let moving = current.relocating_to {
                throw Problem(type: "move-in-progress", title: "A move is already running", status: .conflict, detail: "The organisation is moving to \(moving); wait for it to finish")
            }
            guard current.isolationTier != tier else {
                throw Problem(type: "same-tier", title: "Already on this tier", status: .conflict, detail: "The organisation's data is already in the \(tier.rawValue) tier")
            }
            try await TierMoveStore.insert(id: id, tenant: tenant, from: current.isolationTier, to: tier, requestedBy: actor, now: now, on: db)
            try await OrganizationStore.setRelocation(tenant, to: tier, now: now, on: db)
            try await TenantEvents.enqueue(
                "tenant.relocation_started", tenant: tenant,
                data: ["actor": .string(actor), "move_id": .string(id), "from": .string(current.tier), "to": .string(tier.rawValue)], on: db
            )
            return try await TierMoveStore.find(id: id, on: db)!
        }
        outboxSignal.notify()
        wake.notify()
        return move
    }

    /// Drives one move as far as it can go now.
    func run(_ move: TierMoveRecord) async {
        guard let tenant = try? TenantID(move.tenant_id) else { return }
        var status = move.moveStatus
        var reports: [ServiceReport] = []
        if status == .copying {
            do {
                reports = try await copyEverywhere(tenant, from: move.from, to: move.to)
                status = .finishing
                try await record(move, status: .finishing, error: nil, reports: reports)
            } catch {
                logger.error("tier move copy failed; undoing", metadata: ["tenant_id": .string(tenant.rawValue), "error": .string(ErrorText.short(error))])
                status = .aborting
                try? await record(move, status: .aborting, error: ErrorText.short(error), reports: nil)
            }
        }
        if status == .finishing {
            do {
                for service in participants {
                    let _: NoContent = try await call(service, tenant: tenant, phase: .finish, from: move.from, to: move.to)
                }
                try await complete(move, tenant: tenant, success: true, error: nil)
            } catch {
                // Some services may already be on the new home, so there is no going back: retry until all are.
                logger.error("tier move finish failed; will retry", metadata: ["tenant_id": .string(tenant.rawValue), "error": .string(ErrorText.short(error))])
                try? await record(move, status: .finishing, error: ErrorText.short(error), reports: nil)
            }
        }
        if status == .aborting {
            do {
                for service in participants {
                    let _: NoContent = try await call(service, tenant: tenant, phase: .abort, from: move.from, to: move.to)
                }
                let reason = try await database.withTransaction { db in try await TierMoveStore.find(id: move.id, on: db)?.error }
                try await complete(move, tenant: tenant, success: false, error: reason)
            } catch {
                logger.error("tier move abort failed; will retry", metadata: ["tenant_id": .string(tenant.rawValue), "error": .string(ErrorText.short(error))])
            }
        }
    }

    private func copyEverywhere(_ tenant: TenantID, from: IsolationTier, to: IsolationTier) async throws -> [ServiceReport] {
        var reports: [ServiceReport] = []
        for service in participants {
            let report: RelocationReport = try await call(service, tenant: tenant, phase: .copy, from: from, to: to)
            guard report.source == report.target else {
                throw Problem(
                    type: "relocation-mismatch", title: "The copy does not match", status: .internalServerError,
                    detail: "\(service.rawValue): the copy's row counts or checksums differ from the original"
                )
            }
            reports.append(ServiceReport(service: service.rawValue, report: report))
        }
        return reports
    }

    private func call<T: Decodable>(_ service: ServiceName, tenant: TenantID, phase: TenantRelocation.Phase, from: IsolationTier, to: IsolationTier) async throws -> T {
        do {
            return try await client.call(
                service, .POST, "/internal/v1/tenants/\(tenant.rawValue)/relocation", body: PhaseBody(phase: phase, from: from, to: to), as: T.self,
                timeout: .seconds(600)
            )
        } catch {
            throw Problem(type: "relocation-failed", title: "A service could not move the data", status: .badGateway, detail: "\(service.rawValue) (\(phase.rawValue)): \(error)")
        }
    }

    private func record(_ move: TierMoveRecord, status: TierMoveStatus, error: String?, reports: [ServiceReport]?) async throws {
        let text = try reports.map { String(decoding: try ServiceJSONCoding.makeEncoder().encode($0), as: UTF8.self) }
        try await database.withTransaction { db in
            try await TierMoveStore.update(id: move.id, status: status, error: error, report: text, finishedAt: nil, on: db)
        }
    }

    private func complete(_ move: TierMoveRecord, tenant: TenantID, success: Bool, error: String?) async throws {
        let now = time.milliseconds
        try await database.withTransaction { db in
            if success {
                try await OrganizationStore.setTier(tenant.rawValue, tier: move.to, now: now, on: db)
            } else {
                try await OrganizationStore.setRelocation(tenant.rawValue, to: nil, now: now, on: db)
            }
            try await TierMoveStore.update(id: move.id, status: success ? .done : .failed, error: error, report: nil, finishedAt: now, on: db)
            try await TenantEvents.enqueue(
                success ? "tenant.relocation_finished" : "tenant.relocation_failed", tenant: tenant.rawValue,
                data: [
                    "actor": .string(move.requested_by), "move_id": .string(move.id), "from": .string(move.from_tier), "to": .string(move.to_tier),
                    "error": error.map(JSONValue.string) ?? .null,
                ],
                on: db
            )
        }
        outboxSignal.notify()
        logger.info(success ? "tier move done" : "tier move failed", metadata: ["tenant_id": .string(tenant.rawValue), "to": .string(move.to_tier)])
    }

    func latest(_ tenant: String) async throws -> TierMoveRecord? {
        try await database.withTransaction { db in try await TierMoveStore.latest(tenant: tenant, on: db) }
    }
}
