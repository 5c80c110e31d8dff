import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit

/// One SQLite database file with one connection whose transactions run one at a time.
///
/// SQLite allows one writer per file; serialising transactions in-process (FIFO) avoids `SQLITE_BUSY` between our
/// own tasks, and WAL with a busy timeout covers other processes (`mpesa serve <service>` on the same files).
final class SQLiteStore: Sendable {
    let path: String
    private let connection: SQLiteConnection
    private let lock = AsyncSerialLock()

    private init(path: String, connection: SQLiteConnection) {
        self.path = path
        self.connection = connection
    }

    static func open(path: String, logger: Logger) async throws -> SQLiteStore {
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(
                storage: .file(path: path),
                threadPool: NIOThreadPool.singleton,
                logger: logger,
                on: MultiThreadedEventLoopGroup.singleton.any()
            )
        } catch {
            throw StorageError.unavailable("cannot open SQLite database \(path): \(ErrorText.short(error))")
        }
        // busy_timeout replaces sqlite-nio's default busy handler, which would spin forever on a locked file.
        do {
            for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA busy_timeout = 10000", "PRAGMA foreign_keys = ON"] {
                _ = try await connection.query(pragma)
            }
        } catch {
            try? await connection.close()
            throw StorageError.unavailable("cannot use SQLite database \(path): \(ErrorText.short(error))")
        }
        return SQLiteStore(path: path, connection: connection)
    }

    /// Runs `work` inside `BEGIN IMMEDIATE … COMMIT`, rolling back if it throws.
    func withTransaction<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await lock.withLock {
            _ = try await connection.query("BEGIN IMMEDIATE")
            do {
                let result = try await work(connection.sql())
                _ = try await connection.query("COMMIT")
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK")
                throw error
            }
        }
    }

    func ping() async throws {
        try await lock.withLock {
            _ = try await connection.query("SELECT 1")
        }
    }

    func close() async {
        try? await lock.withLock {
            try await connection.close()
        }
    }
}
