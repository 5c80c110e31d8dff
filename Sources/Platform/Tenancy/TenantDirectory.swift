import Foundation
import Logging
import MPesaCore

/// What a service knows about organisations: their status, isolation tier, plan, features and limits, asked of
/// the tenant service (`GET /internal/v1/tenants/{id}`) and cached.
///
/// Entries live for `ttl` and are dropped at once when a `tenant.*` event about the organisation arrives (see
/// ``TenantEventFanout``), so a suspension, a plan change or a tier move reaches every service within a poll of
/// the event log. When the tenant service cannot be reached, a stale entry is served rather than failing; with
/// nothing cached the caller gets 503. Concurrent misses for one organisation share one request.
public actor TenantDirectory {
    public typealias Fetch = @Sendable (TenantID) async throws -> TenantFacts?

    private struct Entry {
        var facts: TenantFacts
        var fetchedAt: ContinuousClock.Instant
    }

    private let fetch: Fetch
    private let ttl: Duration
    private let logger: Logger
    private var entries: [TenantID: Entry] = [:]
    private var inFlight: [TenantID: Task<TenantFacts?, any Error>] = [:]

    public init(ttl: Duration = .seconds(60), logger: Logger, fetch: @escaping Fetch) {
        self.fetch = fetch
        self.ttl = ttl
        self.logger = logger
    }

    /// A directory that asks the tenant service over its internal API.
    public init(client: InternalClient, ttl: Duration = .seconds(60), logger: Logger) {
        let fetch: Fetch = { tenant in
            do {
                return try await client.call(.tenant, .GET, "/internal/v1/tenants/\(tenant.rawValue)", as: TenantFacts.self, timeout: .seconds(3))
            } catch {
                if case UpstreamError.status(404, _, _) = error { return nil }
                throw error
            }
        }
        self.init(ttl: ttl, logger: logger, fetch: fetch)
    }

    /// The organisation's facts; 404 problem when it does not exist, 503 when they cannot be learned.
    public func facts(for tenant: TenantID) async throws -> TenantFacts {
        let now = ContinuousClock.now
        if let entry = entries[tenant], now - entry.fetchedAt < ttl { return entry.facts }
        let task: Task<TenantFacts?, any Error>
        if let running = inFlight[tenant] {
            task = running
        } else {
            let fetch = self.fetch
            task = Task { try await fetch(tenant) }
            inFlight[tenant] = task
        }
        do {
            let fetched = try await task.value
            inFlight[tenant] = nil
            guard let fetched else {
                entries[tenant] = nil
                throw Problem.notFound("There is no organisation \(tenant.rawValue)")
            }
            entries[tenant] = Entry(facts: fetched, fetchedAt: ContinuousClock.now)
            return fetched
        } catch let problem as Problem {
            throw problem
        } catch {
            inFlight[tenant] = nil
            if let stale = entries[tenant] {
                logger.warning("tenant service unreachable; using cached facts", metadata: ["tenant_id": .string(tenant.rawValue), "error": .string(ErrorText.short(error))])
                return stale.facts
            }
            throw Problem.serviceUnavailable("The organisation's settings cannot be read right now; please retry shortly", retryAfterSeconds: 2)
        }
    }

    /// Forgets what is cached about `tenant`.
    public func invalidate(_ tenant: String) {
        guard let id = try? TenantID(tenant) else { return }
        entries[id] = nil
    }

    /// Applies an event of the `tenant` topic.
    public func apply(_ event: EventEnvelope) {
        guard event.type.hasPrefix("tenant."), let tenant = event.tenantId else { return }
        invalidate(tenant)
    }
}
