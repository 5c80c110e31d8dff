import Platform

/// Everything the gateway serves the web dashboard (issue #8): its backend-for-frontend under `/bff/v1` and its
/// built files at `/`.
enum Dashboard {
    static func register(on router: ServiceRouter, configuration: PlatformSettings, dependencies: ServiceDependencies) {
        let fanOut = BFFFanOut(settings: configuration, client: dependencies.httpClient, metrics: dependencies.metrics)
        BFFRoutes.register(on: router, fanOut: fanOut, time: dependencies.time)
        // Last: the files act only where no route matched, and a router middleware wraps the routes added after it.
        DashboardFiles.register(on: router, directory: configuration.gateway.staticDirectory, logger: dependencies.logger)
    }
}
