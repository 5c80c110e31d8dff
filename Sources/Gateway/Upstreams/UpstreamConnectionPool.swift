import NIOCore
import NIOHTTP1
import NIOPosix

/// Idle keep-alive connections to replicas, one pool per event loop: a client connection and the upstream
/// connection serving it share a thread, so a proxied request never hops between threads or locks.
final class UpstreamConnectionPool {
    let eventLoop: any EventLoop
    private var idle: [ReplicaAddress: [UpstreamConnection]] = [:]
    /// Idle connections kept per replica; more are closed when released.
    static let maxIdlePerReplica = 128

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// A live idle connection to `replica`, if one is waiting.
    func takeIdle(_ replica: ReplicaAddress) -> UpstreamConnection? {
        eventLoop.preconditionInEventLoop()
        while var list = idle[replica], let connection = list.popLast() {
            idle[replica] = list
            connection.handler.onIdleClose = nil
            if connection.isActive { return connection }
        }
        return nil
    }

    /// Opens a new connection to `replica` on this loop and hands it (or the failure) to `completion` there.
    func connect(_ replica: ReplicaAddress, timeout: Duration, completion: @escaping (Result<UpstreamConnection, any Error>) -> Void) {
        ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(timeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // Headers were validated when the client's request was parsed; checking them again costs time.
                    try channel.pipeline.syncOperations.addHTTPClientHandlers(enableOutboundHeaderValidation: false)
                    try channel.pipeline.syncOperations.addHandler(UpstreamResponseHandler())
                }
            }
            .connect(host: replica.host, port: replica.port)
            .assumeIsolated()
            .whenComplete { result in
                completion(
                    result.flatMap { channel in
                        Result {
                            let handler = try channel.pipeline.syncOperations.handler(type: UpstreamResponseHandler.self)
                            return UpstreamConnection(channel: channel, replica: replica, handler: handler)
                        }
                    }
                )
            }
    }

    /// Returns a connection whose exchange ended cleanly; it waits here for the next request to its replica.
    func release(_ connection: UpstreamConnection) {
        eventLoop.preconditionInEventLoop()
        connection.handler.delegate = nil
        connection.handler.paused = false
        guard connection.isActive else { return }
        var list = idle[connection.replica] ?? []
        guard list.count < Self.maxIdlePerReplica else {
            connection.close()
            return
        }
        connection.handler.onIdleClose = { [weak self, weak connection] in
            guard let self, let connection else { return }
            self.idle[connection.replica]?.removeAll { $0 === connection }
        }
        list.append(connection)
        idle[connection.replica] = list
    }

    /// Closes every idle connection (shutdown).
    func closeAll() {
        for (_, list) in idle {
            for connection in list { connection.close() }
        }
        idle = [:]
    }
}
