import ArgumentParser
import AuthService
import Platform

/// `mpesa users`: operator actions on accounts.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Operator actions on accounts.",
        subcommands: [Admin.self]
    )

    struct Admin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an account a platform administrator (or stop it being one).",
            discussion: "Platform administrators list, suspend and reactivate organisations and change plans. The change applies from the account's next login or token refresh."
        )

        @Argument(help: "The account's e-mail.")
        var email: String

        @Flag(help: "Withdraw platform administration instead.")
        var revoke = false

        func run() async throws {
            try await CommandFailure.reporting {
                try await withAuthStore { _, store in
                    guard try await AuthService.setPlatformAdmin(email: email, !revoke, database: store) else {
                        throw CommandFailure("no account has the e-mail \(email)")
                    }
                    print(revoke ? "\(email) is no longer a platform administrator" : "\(email) is now a platform administrator")
                }
            }
        }
    }
}
