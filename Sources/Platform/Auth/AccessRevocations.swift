import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// Sessions revoked and organisations suspended, as every service must know them: an access token stays
/// cryptographically valid for its 15 minutes, so revocation is checked against this list on every request.
///
/// Fed by ``RevocationFeed`` from the event log (`session.revoked`, `tenant.suspended`, `tenant.reactivated`);
/// entries for sessions are dropped once the longest-lived token of the session would have expired anyway.
public final class AccessRevocations: Sendable {
    private struct State {
        var sessions: [String: Date] = [:]
        var tenants: Set<String> = []
    }

    private let state = NIOLockedValueBox(State())
    let tokenLifetime: TimeInterval

    public init(tokenLifetime: TimeInterval = 900) {
        self.tokenLifetime = tokenLifetime
    }

    public func isRevoked(session: String) -> Bool {
        state.withLockedValue { $0.sessions[session] != nil }
    }

    public func isSuspended(tenant: String) -> Bool {
        state.withLockedValue { $0.tenants.contains(tenant) }
    }

    public func revoke(session: String, at time: Date) {
        state.withLockedValue { state in
            state.sessions[session] = time
            if state.sessions.count > 10_000 {
                let horizon = Date().addingTimeInterval(-tokenLifetime - 120)
                state.sessions = state.sessions.filter { $0.value > horizon }
            }
        }
    }

    public func setSuspended(tenant: String, _ suspended: Bool) {
        _ = state.withLockedValue { state in
            suspended ? state.tenants.insert(tenant).inserted : (state.tenants.remove(tenant) != nil)
        }
    }

    /// Applies one event of the `auth` or `tenant` topics.
    public func apply(_ event: EventEnvelope) {
        switch event.type {
        case "session.revoked":
            if let session = event.data["session_id"]?.stringValue { revoke(session: session, at: event.occurredAt) }
        case "tenant.suspended":
            if let tenant = event.tenantId { setSuspended(tenant: tenant, true) }
        case "tenant.reactivated", "tenant.deleted":
            if let tenant = event.tenantId { setSuspended(tenant: tenant, event.type == "tenant.deleted") }
        default:
            break
        }
    }
}

/// Keeps a process's ``AccessRevocations`` current by reading the `auth` and `tenant` topics from the start and
/// then following them; every process reads everything (no consumer group), because every process must know.
public struct RevocationFeed: Service {
    let log: EventLog
    let revocations: AccessRevocations
    let tenantEvents: TenantEventFanout?
    let logger: Logger

    public static let topics = ["auth", "tenant"]

    public init(log: EventLog, revocations: AccessRevocations, tenantEvents: TenantEventFanout? = nil, logger: Logger) {
        self.log = log
        self.revocations = revocations
        self.tenantEvents = tenantEvents
        self.logger = logger
    }

    public func run() async throws {
        let revocations = self.revocations
        let tenantEvents = self.tenantEvents
        await cancelWhenGracefulShutdown {
            await EventTail(log: log, topics: Self.topics, logger: logger).follow { event in
                revocations.apply(event.envelope)
                await tenantEvents?.apply(event.envelope)
            }
        }
    }
}
