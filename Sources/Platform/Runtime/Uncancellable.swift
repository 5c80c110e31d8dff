/// Runs `body` so that cancelling the caller does not cancel it: for the step that must happen once started work
/// is abandoned, such as the `ROLLBACK` or `COMMIT` that ends a transaction. A cancelled caller still waits for it.
///
/// Database drivers skip work submitted by a cancelled task (NIO's thread pool drops it before it runs), so a
/// transaction ended from a cancelled task could otherwise stay open on its connection and fail every later
/// `BEGIN` with "cannot start a transaction within a transaction".
public func uncancellable<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await Task { try await body() }.value
}
