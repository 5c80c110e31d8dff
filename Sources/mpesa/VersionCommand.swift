import ArgumentParser
import Platform

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version.")

    func run() {
        print(PlatformVersion.string)
    }
}
