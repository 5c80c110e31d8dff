import Hummingbird
import Platform

/// The parser service (port 8004): statement bytes (PDF, CSV, XLSX, SMS text) in, normalised transactions out.
///
/// Stateless. Its parsing endpoints arrive with issue #3.
public enum ParserService {
    /// Schema changes of this service's store, in order (the platform's own tables come first automatically).
    public static let migrations: [Migration] = []

    public static let blueprint = ServiceApplication.Blueprint(
        title: "M-PESA Analytics — parser service",
        description: "Stateless parsing of M-PESA statements and SMS confirmations. Feature endpoints: issue #3.",
        requiredUpstreams: []
    )

    /// Builds the service's HTTP application; the executable and the tests both call this.
    public static func makeApplication(configuration: PlatformSettings, dependencies: ServiceDependencies) -> some ApplicationProtocol {
        var blueprint = self.blueprint
        // Statement files arrive here, so bodies may be as large as the statement upload limit.
        blueprint.maxBodyBytes = configuration.parserMaxUploadBytes
        return ServiceApplication.make(blueprint: blueprint, configuration: configuration, dependencies: dependencies) { _ in }
    }
}
