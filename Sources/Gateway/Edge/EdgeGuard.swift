import Platform

/// The gateway's checks before a request may reach a service: the access token (or API key) on every
/// non-public route, the organisation's standing, and the rate limits of the tenant, the API key or the client IP.
///
/// Everything is answered without suspending when the token was verified in the last minute and the plan is
/// known, which is nearly every request; the rest goes through ``EdgeAdmission/pending(_:)``.
final class EdgeGuard: Sendable {
    let authenticator: Authenticator
    let apiKeys: APIKeyExchange
    let publicRoutes: PublicRoutes
    let limiter: TokenBucketLimiter
    let mode: GatewaySettings.RateLimitMode
    let anonymousQuota: GatewaySettings.Quota
    let plans: PlanQuotas
    let metrics: EdgeMetrics

    init(
        authenticator: Authenticator, apiKeys: APIKeyExchange, publicRoutes: PublicRoutes, limiter: TokenBucketLimiter,
        mode: GatewaySettings.RateLimitMode, anonymousQuota: GatewaySettings.Quota, plans: PlanQuotas, metrics: EdgeMetrics
    ) {
        self.authenticator = authenticator
        self.apiKeys = apiKeys
        self.publicRoutes = publicRoutes
        self.limiter = limiter
        self.mode = mode
        self.anonymousQuota = anonymousQuota
        self.plans = plans
        self.metrics = metrics
    }

    func admit(method: String, path: Substring, authorization: String?, clientIP: String?) -> EdgeAdmission {
        if publicRoutes.isPublic(method: method, path: path) {
            return .decided(limitAnonymous(clientIP: clientIP))
        }
        guard let bearer = Authenticator.bearerToken(authorization) else {
            authenticator.count(.missing)
            return .decided(.refused(TokenRejection.missing.problem))
        }
        if APIKeyExchange.isAPIKey(bearer) {
            if let token = apiKeys.cachedToken(for: bearer), let known = authenticator.recentCaller(bearer: token) {
                return admit(known, authorization: "Bearer \(token)", viaKey: true)
            }
            return .pending { [self] in
                do {
                    let token = try await apiKeys.token(for: bearer)
                    let caller = try await authenticator.caller(bearer: token)
                    return await resolve(caller, authorization: "Bearer \(token)", viaKey: true)
                } catch {
                    return .refused(Self.problem(error))
                }
            }
        }
        if let known = authenticator.recentCaller(bearer: bearer) {
            return admit(known, authorization: nil, viaKey: false)
        }
        return .pending { [self] in
            do {
                let caller = try await authenticator.caller(bearer: bearer)
                return await resolve(caller, authorization: nil, viaKey: false)
            } catch {
                return .refused(Self.problem(error))
            }
        }
    }

    private func admit(_ known: Result<Caller, TokenRejection>, authorization: String?, viaKey: Bool) -> EdgeAdmission {
        switch known {
        case .failure(let rejection):
            return .decided(.refused(rejection.problem))
        case .success(let caller):
            guard let tenant = caller.tenantID else { return .decided(limit(caller, plan: nil, authorization: authorization, viaKey: viaKey)) }
            if let plan = plans.cached(tenant.rawValue) {
                return .decided(limit(caller, plan: plan, authorization: authorization, viaKey: viaKey))
            }
            return .pending { [self] in await resolve(caller, authorization: authorization, viaKey: viaKey) }
        }
    }

    private func resolve(_ caller: Caller, authorization: String?, viaKey: Bool) async -> EdgeVerdict {
        guard let tenant = caller.tenantID else { return limit(caller, plan: nil, authorization: authorization, viaKey: viaKey) }
        do {
            let plan = try await plans.fetch(tenant)
            return limit(caller, plan: plan, authorization: authorization, viaKey: viaKey)
        } catch {
            return .refused(Self.problem(error))
        }
    }

    private func limit(_ caller: Caller, plan: PlanQuotas.Entry?, authorization: String?, viaKey: Bool) -> EdgeVerdict {
        let verdict = EdgeVerdict(authorization: authorization, tenantID: caller.tenantID?.rawValue, userID: caller.userID)
        if plan?.suspended == true {
            authenticator.count(.tenantSuspended)
            return .refused(TokenRejection.tenantSuspended.problem)
        }
        guard mode != .off else { return verdict }
        let decision: TokenBucketLimiter.Decision
        let scope: EdgeMetrics.Scope
        if let tenant = caller.tenantID {
            // A plan without a request limit is not limited at the edge.
            guard let perMinute = plan?.perMinute else { return verdict }
            let tenantDecision = limiter.take("t:\(tenant.rawValue)", quota: perMinute, windowSeconds: 60)
            if viaKey, let keyID = caller.sessionID {
                let keyDecision = limiter.take("k:\(keyID)", quota: perMinute, windowSeconds: 60)
                let keyFirst = !keyDecision.allowed || (tenantDecision.allowed && keyDecision.remaining < tenantDecision.remaining)
                decision = keyFirst ? keyDecision : tenantDecision
                scope = keyFirst ? .apiKey : .tenant
            } else {
                decision = tenantDecision
                scope = .tenant
            }
        } else {
            decision = limiter.take("u:\(caller.userID)", quota: anonymousQuota.requests, windowSeconds: anonymousQuota.windowSeconds)
            scope = .user
        }
        return apply(decision, scope: scope, to: verdict)
    }

    private func limitAnonymous(clientIP: String?) -> EdgeVerdict {
        guard mode != .off else { return EdgeVerdict() }
        let decision = limiter.take("ip:\(clientIP ?? "unknown")", quota: anonymousQuota.requests, windowSeconds: anonymousQuota.windowSeconds)
        return apply(decision, scope: .ip, to: EdgeVerdict())
    }

    private func apply(_ decision: TokenBucketLimiter.Decision, scope: EdgeMetrics.Scope, to verdict: EdgeVerdict) -> EdgeVerdict {
        var verdict = verdict
        verdict.rateLimitPolicy = RateLimitHeaders.policy(name: scope.rawValue, quota: decision.quota, windowSeconds: decision.windowSeconds)
        verdict.rateLimitState = RateLimitHeaders.state(name: scope.rawValue, remaining: decision.remaining, resetSeconds: decision.resetSeconds)
        guard !decision.allowed else { return verdict }
        metrics.rateLimited(scope, shadow: mode == .shadow)
        guard mode == .enforce else { return verdict }
        var problem = Problem(
            type: "rate-limited",
            title: "Too many requests",
            status: .tooManyRequests,
            detail: "The \(scope.description) may make \(decision.quota) requests per \(decision.windowSeconds) s; retry in \(decision.retryAfterSeconds ?? 1) s\(scope == .tenant || scope == .apiKey ? " or move to a larger plan" : "")",
            extensions: ["retry_after_seconds": .int(decision.retryAfterSeconds ?? 1), "limit": .int(decision.quota), "window_seconds": .int(decision.windowSeconds)],
            headers: ["Retry-After": String(decision.retryAfterSeconds ?? 1)]
        )
        problem.headers["RateLimit-Policy"] = verdict.rateLimitPolicy
        problem.headers["RateLimit"] = verdict.rateLimitState
        verdict.refusal = problem
        return verdict
    }

    static func problem(_ error: any Error) -> Problem {
        if let problem = error as? Problem { return problem }
        if let convertible = error as? any ProblemConvertible { return convertible.problem }
        return .serviceUnavailable("The request could not be authorised right now; please retry shortly", retryAfterSeconds: 2)
    }
}
