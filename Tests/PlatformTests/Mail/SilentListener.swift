import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP listener on 127.0.0.1 that never accepts and never writes: the kernel completes the handshake, so a
/// client connects and then waits for a greeting that never comes.
final class SilentListener {
    let port: Int
    private let descriptor: Int32

    init(listening: Bool = true) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw SMTPSink.SetupError(description: "socket() failed: errno \(errno)") }
        var ready = false
        defer { if !ready { close(descriptor) } }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw SMTPSink.SetupError(description: "bind() failed: errno \(errno)") }
        if listening {
            guard listen(descriptor, 16) == 0 else { throw SMTPSink.SetupError(description: "listen() failed: errno \(errno)") }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.descriptor = descriptor
        ready = true
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// A port nobody listens on: bound (so no one else gets it for now) but not listening, so connecting is refused.
    static func closedPort() throws -> SilentListener {
        try SilentListener(listening: false)
    }

    /// Whether any client has connected (a completed connection waits in the accept queue).
    var hasPendingConnection: Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) == 1
    }

    func stop() {
        close(descriptor)
    }
}
