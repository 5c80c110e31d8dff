import ArgumentParser
import Foundation
import Platform

/// A failure the CLI reports as one readable line before exiting non-zero.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }

    /// Runs a command's body, turning the failures a user can fix into `mpesa: <one line>` and exit status 1.
    static func reporting(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as CommandFailure {
            print(failure.description)
        } catch let error as ConfigurationError {
            print(error.description)
        } catch let error as StorageError {
            print(error.description)
        }
    }

    private static func print(_ line: String) -> Never {
        FileHandle.standardError.write(Data("mpesa: \(line)\n".utf8))
        Foundation.exit(ExitCode.failure.rawValue)
    }
}
