import Foundation
import Hummingbird
import Platform
import StatementParsing

/// The parser service (port 8004): statement bytes in (PDF, CSV, XLSX, XLS, SMS text), a parsed, normalised and
/// reconciled statement out. Stateless: nothing is stored, and the password is used for the one request and
/// never logged.
public enum ParserService {
    /// Schema changes of this service's store (it keeps none).
    public static let migrations: [Migration] = []

    public static let blueprint = ServiceApplication.Blueprint(
        title: "M-PESA Analytics — parser service",
        description: """
            Stateless parsing of M-PESA statements: personal statement PDFs (password-protected as Safaricom sends them), \
            org-portal exports (CSV, XLSX, legacy XLS), personal statements converted to CSV/XLSX, and pasted SMS confirmations. \
            Answers the rows as printed, normalised transactions (charges folded in as fees, Fuliza draws apart) and a \
            reconciliation report with a verdict: verified, inconsistent or unverifiable.
            """,
        schemas: ParserSchemas.all
    )

    public static func makeApplication(configuration: PlatformSettings, dependencies: ServiceDependencies) -> some ApplicationProtocol {
        var blueprint = self.blueprint
        blueprint.maxBodyBytes = configuration.parserMaxUploadBytes
        let handler = ParseHandler(
            parser: StatementParser(),
            limiter: ConcurrencyLimiter(limit: max(2, ProcessInfo.processInfo.activeProcessorCount * 2)),
            metrics: dependencies.metrics
        )
        return ServiceApplication.make(blueprint: blueprint, configuration: configuration, dependencies: dependencies) { router in
            ParseRoutes.register(on: router, handler: handler)
        }
    }
}
