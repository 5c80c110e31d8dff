import Foundation
import Synchronization

/// A child's first output line, awaited without blocking a thread or sleeping: an `OutputDrain` feeds it bytes, a
/// one-shot timer delivers the deadline, whichever comes first resumes the waiting test.
final class LineReader: Sendable {
    private struct State {
        var buffer: [UInt8] = []
        var line: String?
        var continuation: CheckedContinuation<String?, Never>?
        var finished = false
    }

    private let state = Mutex(State())

    /// Bytes read from the child; `nil` means end of file.
    func consume(_ bytes: [UInt8]?) {
        guard let bytes else { return finish(with: nil) }
        let line: String? = state.withLock { state in
            state.buffer += bytes
            guard let newline = state.buffer.firstIndex(of: 0x0A) else { return nil }
            return String(decoding: state.buffer[..<newline], as: UTF8.self)
        }
        if let line { finish(with: line) }
    }

    /// The first line, or `nil` at end of file or when `timeout` passes first.
    func firstLine(timeout: Duration) async -> String? {
        await withCheckedContinuation { continuation in
            let done: String?? = state.withLock { state in
                if state.finished { return .some(state.line) }
                state.continuation = continuation
                return .none
            }
            if let done { return continuation.resume(returning: done) }
            let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(nanoseconds))) { [self] in
                finish(with: nil)
            }
        }
    }

    private func finish(with line: String?) {
        let continuation = state.withLock { state -> CheckedContinuation<String?, Never>? in
            guard !state.finished else { return nil }
            state.finished = true
            state.line = line
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: line)
    }
}
