import ArgumentParser

/// The `mpesa` executable: every service, the operator's tools and the developer's tools in one binary.
@main
struct MPesaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mpesa",
        abstract: "M-PESA Analytics Platform: turn M-PESA statements into clean transactions, KPIs and forecasts.",
        discussion: """
            Start everything on one machine (embedded SQLite under ./data, dashboard at http://localhost:9000):
              mpesa serve all

            Run one service against PostgreSQL (the distributed deployment):
              DATABASE_URL=postgres://user:pass@db:5432/mpesa mpesa serve analytics

            Settings come from the environment, a .env file and mpesa.json; `mpesa config` lists them all.
            """,
        version: PlatformVersion.string,
        subcommands: [
            ServeCommand.self, MigrateCommand.self, AnalyzeCommand.self, GenerateCommand.self, ConfigCommand.self, KeysCommand.self, UsersCommand.self,
            MailCommand.self, VersionCommand.self,
        ]
    )
}
