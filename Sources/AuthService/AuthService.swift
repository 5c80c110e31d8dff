import Hummingbird
import Platform

/// The auth service (port 8001): users, passwords, sessions, refresh tokens, API keys, JWT issuance and the JWKS.
///
/// Its feature endpoints arrive with issue #4; today it serves the operational surface every service shares.
public enum AuthService {
    /// Schema changes of this service's store, in order (the platform's own tables come first automatically).
    public static let migrations: [Migration] = []

    public static let blueprint = ServiceApplication.Blueprint(
        title: "M-PESA Analytics — auth service",
        description: "Users, sessions, tokens, API keys and the public keys (JWKS) that verify access tokens. Feature endpoints: issue #4.",
        requiredUpstreams: []
    )

    /// Builds the service's HTTP application; the executable and the tests both call this.
    public static func makeApplication(configuration: PlatformSettings, dependencies: ServiceDependencies) -> some ApplicationProtocol {
        ServiceApplication.make(blueprint: blueprint, configuration: configuration, dependencies: dependencies) { _ in }
    }
}
