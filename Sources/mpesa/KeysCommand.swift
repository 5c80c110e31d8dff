import ArgumentParser
import AuthService
import Foundation
import Logging
import Platform

/// `mpesa keys`: the keys that sign access tokens.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "List or rotate the keys that sign access tokens.",
        subcommands: [List.self, Rotate.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The published signing keys, oldest first.")

        func run() async throws {
            try await CommandFailure.reporting {
                try await withAuthStore { settings, store in
                    let keys = try await AuthService.signingKeys(configuration: settings, database: store)
                    for key in keys {
                        let state = key.retiredAt.map { "retired \(RFC3339.format($0)), published until its tokens expire" } ?? "signing"
                        print("\(key.kid)  created \(RFC3339.format(key.createdAt))  \(state)")
                    }
                }
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start signing with a new key.",
            discussion: """
                The previous key stays in the JWKS until the tokens it signed have expired (the access-token lifetime plus two \
                minutes), so nobody is logged out. Running auth services pick the new key up within 30 seconds.
                """
        )

        func run() async throws {
            try await CommandFailure.reporting {
                try await withAuthStore { settings, store in
                    let kid = try await AuthService.rotateSigningKey(configuration: settings, database: store)
                    print("new signing key \(kid); the previous one stays published for \(settings.authAccessTokenLifetime.components.seconds / 60 + 2) minutes")
                }
            }
        }
    }
}

/// Opens the auth service's store for a command, closing it afterwards.
func withAuthStore(_ body: (PlatformSettings, any DatabaseProvider) async throws -> Void) async throws {
    let settings = try await PlatformSettings.load()
    Observability.bootstrapLogging(level: .warning, format: .text)
    let store: any DatabaseProvider
    do {
        store = try await StoreFactory.open(name: ServiceName.auth.rawValue, settings: settings, migrations: AuthService.migrations, logger: Logger(label: "keys"))
    } catch {
        throw ServeCommand.startupFailure(error, settings: settings)
    }
    do {
        try await body(settings, store)
    } catch {
        await store.shutdown()
        throw error
    }
    await store.shutdown()
}
