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
        let connection = self.connection
        return try await lock.withLock {
            // Begun, the transaction must end on this connection whatever happens to the calling task: a
            // transaction left open would fail every later `BEGIN` of every task sharing the file.
            _ = try await uncancellable { try await connection.query("BEGIN IMMEDIATE") }
            let result: T
            do {
                result = try await work(connection.sql())
            } catch {
                _ = try? await uncancellable { try await connection.query("ROLLBACK") }
                throw error
            }
            do {
                _ = try await uncancellable { try await connection.query("COMMIT") }
            } catch {
                _ = try? await uncancellable { try await connection.query("ROLLBACK") }
                throw error
            }
            return result
        }
    }

    func ping() async throws {
        try await lock.withLock {
            _ = try await connection.query("SELECT 1")
        }
    }

    func close() async {
        let connection = self.connection
        // Closed even by a cancelled task: an unclosed connection is a crash when it is deinitialised.
        try? await lock.withLock {
            try await uncancellable { try await connection.close() }
        }
    }
}
