import Hummingbird
import Logging
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hummingbird's local file provider, confined to its directory even through symbolic links: a file whose real
/// path lies outside the directory does not exist. (Request paths are screened before they get here, see
/// ``DashboardRequestPath``; this is the second fence.)
struct ConfinedFileSystem: FileProvider {
    typealias FileAttributes = LocalFileSystem.FileAttributes
    typealias FileIdentifier = String

    let directory: String
    private let files: LocalFileSystem

    init(directory: String, logger: Logger) {
        self.directory = directory
        self.files = LocalFileSystem(rootFolder: directory, threadPool: .singleton, logger: logger)
    }

    func getFileIdentifier(_ path: String) -> String? {
        files.getFileIdentifier(path)
    }

    func getAttributes(id: String) async throws -> FileAttributes? {
        // Resolved on each request: the directory may be (re)built while the gateway runs.
        guard let root = Self.realPath(directory), let target = Self.realPath(id), target == root || target.hasPrefix(root + "/") else {
            return nil
        }
        return try await files.getAttributes(id: id)
    }

    func loadFile(id: String, context: some RequestContext) async throws -> ResponseBody {
        try await files.loadFile(id: id, context: context)
    }

    func loadFile(id: String, range: ClosedRange<Int>, context: some RequestContext) async throws -> ResponseBody {
        try await files.loadFile(id: id, range: range, context: context)
    }

    /// The absolute path with every symbolic link resolved, or nil if it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
