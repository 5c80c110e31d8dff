import NIOCore
import NIOHTTP1

/// Receives what one upstream connection delivers for the exchange currently using it.
protocol UpstreamConnectionDelegate: AnyObject {
    func upstreamReceived(_ part: HTTPClientResponsePart)
    /// The end of a batch of reads: the moment to flush what was forwarded.
    func upstreamReadComplete()
    /// The connection closed or failed; `error` is nil for a plain close.
    func upstreamClosed(error: (any Error)?)
    func upstreamWritabilityChanged(writable: Bool)
}

/// A keep-alive HTTP/1.1 connection from the gateway to one replica, living on one event loop and used by one
/// exchange at a time; between exchanges it waits in its loop's ``UpstreamConnectionPool``.
final class UpstreamConnection {
    let channel: any Channel
    let replica: ReplicaAddress
    let handler: UpstreamResponseHandler

    init(channel: any Channel, replica: ReplicaAddress, handler: UpstreamResponseHandler) {
        self.channel = channel
        self.replica = replica
        self.handler = handler
    }

    var isActive: Bool { channel.isActive && !handler.closed }

    func write(_ part: HTTPClientRequestPart) {
        channel.write(part, promise: nil)
    }

    func flush() { channel.flush() }

    func close() {
        handler.delegate = nil
        channel.close(promise: nil)
    }
}

/// The last handler of an upstream connection: hands response parts to the exchange and lets it stop reading
/// while the client is slower than the upstream (so a large answer is never buffered whole).
final class UpstreamResponseHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    weak var delegate: (any UpstreamConnectionDelegate)?
    /// Called when the connection closes while idle in the pool.
    var onIdleClose: (() -> Void)?
    private(set) var closed = false
    var paused = false {
        didSet {
            if !paused, readPending, let context {
                readPending = false
                context.read()
            }
        }
    }
    private var readPending = false
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        delegate?.upstreamReceived(unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        delegate?.upstreamReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        if paused {
            readPending = true
        } else {
            context.read()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        if let delegate {
            self.delegate = nil
            delegate.upstreamClosed(error: nil)
        } else {
            onIdleClose?()
        }
        onIdleClose = nil
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        closed = true
        if let delegate {
            self.delegate = nil
            delegate.upstreamClosed(error: error)
        }
        context.close(promise: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        delegate?.upstreamWritabilityChanged(writable: context.channel.isWritable)
    }
}
