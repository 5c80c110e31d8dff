import Hummingbird
import Platform

/// The API gateway (port 9000): the one public entry point. It maps `/api/v1/<service>/<rest>` to `/v1/<rest>` on
/// that service, serves the JWKS at `/.well-known/jwks.json`, and its `/ready` reports every upstream's state.
///
/// API keys sent as bearer tokens are exchanged for access tokens here. Edge token checks, rate limits, circuit
/// breakers and BFF endpoints arrive with issue #5.
public enum Gateway {
    public static let blueprint = ServiceApplication.Blueprint(
        title: "M-PESA Analytics — API gateway",
        description: "Routes /api/v1/<service>/… to the platform's services. Operational endpoints report the state of every upstream.",
        requiredUpstreams: ServiceName.upstreams,
        maxBodyBytes: nil
    )

    public static func makeApplication(configuration: PlatformSettings, dependencies: ServiceDependencies) -> some ApplicationProtocol {
        let apiKeys = APIKeyExchange(
            client: dependencies.httpClient, authURL: configuration.url(of: .auth), revocations: dependencies.authenticator.revocations, time: dependencies.time
        )
        let proxy = ReverseProxy(settings: configuration, client: dependencies.httpClient, apiKeys: apiKeys)
        var blueprint = self.blueprint
        // Statement uploads pass through the gateway, so it admits the parser's limit; each service enforces its own.
        blueprint.maxBodyBytes = max(configuration.maxBodyBytes, configuration.parserMaxUploadBytes)
        return ServiceApplication.make(blueprint: blueprint, configuration: configuration, dependencies: dependencies) { router in
            GatewayRoutes.register(on: router, proxy: proxy)
        }
    }
}
