import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child's output stream read by a dedicated thread with plain `read(2)` until end of file.
///
/// Not `Pipe` + `readabilityHandler`: swift-corelibs-foundation's `availableData` and `readDataToEndOfFile()` end in
/// `fatalError`/`precondition` on any read error or once the handle has been closed, and a readability handler can
/// fire after the pipe's owner released it, which took a whole test run down with a trap in libFoundation. Here the
/// descriptors are ours: the write end goes to the child (`handleForChild`) and is closed in the parent once the
/// child runs; the read end is closed by the draining thread when it sees end of file or an error.
public final class OutputDrain: @unchecked Sendable {
    // @unchecked: `writeDescriptor` is only touched by the owner before and right after the spawn.
    /// Give this to `Process.standardOutput`/`standardError`; it does not close its descriptor itself.
    public let handleForChild: FileHandle
    private var writeDescriptor: Int32

    /// `onData` runs on the draining thread for every chunk read; `onEnd` once, after the last chunk.
    public init(onData: @escaping @Sendable ([UInt8]) -> Void, onEnd: @escaping @Sendable () -> Void = {}) throws {
        var descriptors: [Int32] = [-1, -1]
        // A socket pair rather than pipe(2): it is created close-on-exec atomically (Glibc's module does not export
        // pipe2), so a process another test spawns at the same moment cannot inherit the write end and hold the
        // drain open. A child writes to it exactly as to a pipe.
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &descriptors) == 0 else {
            throw TestSetupError("socketpair() failed: errno \(errno)")
        }
        let readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
        handleForChild = FileHandle(fileDescriptor: descriptors[1], closeOnDealloc: false)
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(readDescriptor, $0.baseAddress, $0.count) }
                if count > 0 {
                    onData(Array(buffer[..<count]))
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    break  // end of file, or an error: either way nothing more will come
                }
            }
            close(readDescriptor)
            onEnd()
        }
        thread.name = "test-output-drain"
        thread.start()
    }

    /// Closes the parent's copy of the write end, so the drain sees end of file when the child (and anything it
    /// passed the descriptor to) is gone. Call after `Process.run()`, whether or not it succeeded.
    public func childStarted() {
        guard writeDescriptor >= 0 else { return }
        close(writeDescriptor)
        writeDescriptor = -1
    }

    deinit { childStarted() }
}

extension Process {
    /// `run()`, then the parent's write ends of `drains` closed, whether or not the spawn succeeded.
    public func run(draining drains: OutputDrain...) throws {
        defer { for drain in drains { drain.childStarted() } }
        try run()
    }
}
