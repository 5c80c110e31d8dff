import AsyncAlgorithms
import Hummingbird
import NIOCore
import NIOConcurrencyHelpers

/// Hands a client's request body to the upstream request through a task the proxy owns, so that nothing else reads
/// the body once the proxy has answered.
///
/// The HTTP client reads a streamed request body from a task of its own, which can outlive the exchange: an
/// upstream that answers before reading the body (413, 401) leaves that task waiting for the client's next bytes,
/// while the server reads the same connection for the next request, and two readers of one inbound stream crash
/// the process. ``finish(within:)`` stops forwarding, lets the read in progress complete (the server then discards
/// the rest of the body itself and keeps the connection, so the client reads the answer instead of a reset), and
/// cuts the body short only if the client sends nothing more for `within`.
final class RequestBodyPump: Sendable {
    private let channel = AsyncThrowingChannel<ByteBuffer, any Error>()
    private let forwarding = NIOLockedValueBox(true)
    private let pump: Task<Void, Never>

    init(_ body: RequestBody) {
        let channel = self.channel
        let forwarding = self.forwarding
        pump = Task {
            do {
                for try await chunk in body {
                    guard forwarding.withLockedValue({ $0 }) else { break }
                    // Waits for the upstream to take the chunk: the body is streamed, never buffered whole.
                    await channel.send(chunk)
                }
                channel.finish()
            } catch {
                channel.fail(error)
            }
        }
    }

    /// The body as the upstream request reads it.
    var body: AsyncThrowingChannel<ByteBuffer, any Error> { channel }

    /// Stops forwarding and returns once the pump no longer reads the body: at once if the body was read to its
    /// end, else when the client's next bytes arrive, or after `within` by cutting the body (and with it the
    /// client's connection) short.
    func finish(within limit: Duration) async {
        forwarding.withLockedValue { $0 = false }
        channel.finish()
        let pump = self.pump
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await pump.value }
            group.addTask {
                try? await Task.sleep(for: limit)
                pump.cancel()
            }
            await group.next()
            group.cancelAll()
        }
        await pump.value
    }
}
