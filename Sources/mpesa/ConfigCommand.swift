import ArgumentParser
import Foundation
import Platform

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "List every setting, or check the effective configuration.",
        discussion: "Without options, prints the settings table (the README's). With --check, loads and validates the configuration this process would use."
    )

    @Flag(help: "Load the configuration from the environment, .env and mpesa.json, validate it and print the effective values.")
    var check = false

    func run() async throws {
        guard check else {
            print(SettingKey.markdownTable)
            return
        }
        try await CommandFailure.reporting {
            let settings = try await PlatformSettings.load()
            print("data directory:  \(settings.dataDirectory)")
            print("database:        \(settings.databaseURL?.redacted ?? "embedded SQLite")")
            print("bind host:       \(settings.bindHost)")
            for service in ServiceName.allCases {
                print("\(service.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)) port \(settings.port(of: service))  url \(settings.url(of: service))")
            }
            print("JWKS:            \(settings.jwksURL)")
            print("log:             \(settings.logLevel) \(settings.logFormat.rawValue)")
            print("OTLP endpoint:   \(settings.otlpEndpoint ?? "none (traces not exported)")")
        }
    }
}
