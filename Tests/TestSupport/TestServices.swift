import Crypto
import Logging
import Platform

/// Builds service dependencies for tests, with a token verifier that trusts `keys` (served from memory).
public enum TestServices {
    /// The key internal calls are signed with in tests.
    public static let serviceKey = SymmetricKey(size: .bits256)

    public static func dependencies(
        for service: ServiceName,
        database: (any DatabaseProvider)? = nil,
        eventLog: EventLog? = nil,
        keys: [SigningKey] = [],
        time: TimeSource = .system,
        revocations: AccessRevocations? = nil
    ) -> ServiceDependencies {
        let metrics = ServiceMetrics(service: service)
        let document = TokenFactory.jwks(keys)
        let cache = JWKSCache(fetch: { document }, time: time)
        let verifier = TokenVerifier(keys: cache, issuer: TokenFactory.issuer, audience: TokenFactory.audience, time: time)
        return ServiceDependencies(
            service: service,
            logger: Logger(label: service.rawValue),
            metrics: metrics,
            httpClient: TestEnvironment.httpClient,
            authenticator: Authenticator(verifier: verifier, metrics: metrics, revocations: revocations),
            database: database,
            eventLog: eventLog,
            time: time,
            serviceCredential: ServiceCredential(key: serviceKey, service: service, time: time),
            tenantDirectory: TenantDirectory(logger: Logger(label: "tenant-directory")) { tenant in
                TenantFacts(id: tenant.rawValue, name: tenant.rawValue, status: .active, tier: .shared, relocatingTo: nil, plan: PlanCatalog.free)
            }
        )
    }
}
