import Foundation
import Synchronization

/// Reads a child's first output line without blocking a thread or sleeping: a readability handler delivers data,
/// a one-shot timer delivers the deadline, whichever comes first resumes the waiting test.
final class LineReader: Sendable {
    private struct State {
        var buffer: [UInt8] = []
        var continuation: CheckedContinuation<String?, Never>?
        var finished = false
    }

    private let state = Mutex(State())

    static func firstLine(of handle: FileHandle, timeout: Duration) async -> String? {
        let reader = LineReader()
        let line = await withCheckedContinuation { continuation in
            reader.state.withLock { $0.continuation = continuation }
            handle.readabilityHandler = { handle in
                let data = handle.availableData
                reader.consume(data.isEmpty ? nil : Array(data))
            }
            let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(nanoseconds))) {
                reader.finish(with: nil)
            }
        }
        handle.readabilityHandler = nil
        return line
    }

    /// `nil` means end of file.
    private func consume(_ bytes: [UInt8]?) {
        guard let bytes else { return finish(with: nil) }
        let line: String? = state.withLock { state in
            state.buffer += bytes
            guard let newline = state.buffer.firstIndex(of: 0x0A) else { return nil }
            return String(decoding: state.buffer[..<newline], as: UTF8.self)
        }
        if let line { finish(with: line) }
    }

    private func finish(with line: String?) {
        let continuation = state.withLock { state -> CheckedContinuation<String?, Never>? in
            guard !state.finished else { return nil }
            state.finished = true
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: line)
    }
}
