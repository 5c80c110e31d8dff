/// A setting that cannot be used, reported as one readable line on the command line.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let key: String
    public let problem: String

    public init(key: String, problem: String) {
        self.key = key
        self.problem = problem
    }

    public var description: String { "configuration \(key): \(problem)" }
}
