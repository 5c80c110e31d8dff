import Foundation
import Logging
import Platform
import PostgresNIO

/// A database of its own for a test that runs real processes on PostgreSQL, dropped afterwards.
public struct PostgresTestDatabase: Sendable {
    public let url: String
    public let name: String
    private let admin: DatabaseURL

    public static func create() async throws -> PostgresTestDatabase {
        let admin = try TestEnvironment.postgresURL()
        let name = TestEnvironment.uniqueName("e2e")
        try await Self.execute("CREATE DATABASE \(name)", on: admin)
        var target = admin
        target.database = name
        let password = admin.password.map { ":\($0)" } ?? ""
        return PostgresTestDatabase(url: "postgres://\(admin.username)\(password)@\(admin.host):\(admin.port)/\(name)", name: name, admin: admin)
    }

    public func drop() async {
        try? await Self.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: admin)
    }

    /// The schemas in the test database.
    public func schemas() async throws -> Set<String> {
        var target = admin
        target.database = name
        let connection = try await Self.connect(target)
        defer { Task { try? await connection.close() } }
        let rows = try await connection.query("SELECT nspname FROM pg_namespace", logger: TestEnvironment.logger)
        var names: Set<String> = []
        for try await (schema) in rows.decode(String.self) { names.insert(schema) }
        return names
    }

    static func connect(_ url: DatabaseURL) async throws -> PostgresConnection {
        let configuration = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.username, password: url.password, database: url.database, tls: .disable)
        return try await PostgresConnection.connect(configuration: configuration, id: 1, logger: TestEnvironment.logger)
    }

    static func execute(_ sql: String, on url: DatabaseURL) async throws {
        let connection = try await connect(url)
        do {
            _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestEnvironment.logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}
