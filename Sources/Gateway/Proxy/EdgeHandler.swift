import HTTPTypes
import NIOCore
import NIOHTTPTypes
import Platform

/// The gateway's fast path: a channel handler in front of Hummingbird's request handling that proxies
/// `/api/v1/<service>/…` (and the JWKS) itself, on the connection's event loop, and passes every other request on
/// to the router (operational routes, BFF, the dashboard's files).
///
/// Keeping the proxy on the event loop is what lets it stand next to nginx: a request never hops between
/// threads, the upstream connection lives on the same loop, and the edge checks answer from caches without
/// suspending. Requests on one connection are handled one at a time; parts that arrive early (pipelining) wait
/// in order. A client that does not finish its request head within the header timeout of the connection going
/// idle is disconnected (slowloris).
final class EdgeHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum Mode {
        case idle
        /// A request for the router: forwarded as is until both its request and response have ended.
        case local(requestEnded: Bool, responseEnded: Bool)
        case proxy(ProxyExchange)
        case closed
    }

    let core: GatewayCore
    private var mode: Mode = .idle
    private var queued = CircularBuffer<HTTPRequestPart>()
    private var readPending = false
    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?
    private var idleSince = NIODeadline.now()
    private(set) var context: ChannelHandlerContext?
    private(set) var pool: UpstreamConnectionPool?
    private(set) var remoteIP: String?
    private var quiescing = false
    /// Ids for requests and spans: unpredictable enough, without a system call per request.
    private var generator = FastRandom()
    /// Queued parts beyond which the handler stops reading the socket.
    static let maxQueued = 64

    init(core: GatewayCore) {
        self.core = core
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        pool = core.pools.pool(for: context.eventLoop)
        remoteIP = context.channel.remoteAddress?.ipAddress
        if context.channel.isActive { armHeaderTimer() }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        remoteIP = context.channel.remoteAddress?.ipAddress
        armHeaderTimer()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        if case .proxy(let exchange) = mode {
            exchange.clientGone()
        }
        mode = .closed
        queued.removeAll()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if !queued.isEmpty || !canProcess(part) {
            queued.append(part)
            return
        }
        process(part)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if case .proxy(let exchange) = mode { exchange.flushUpstream() }
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        if queued.count >= Self.maxQueued || wantsPause {
            readPending = true
        } else {
            context.read()
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // Only the router's answers pass through here; the proxy writes below this handler.
        context.write(data, promise: promise)
        if case .local(let requestEnded, false) = mode, case .end = unwrapOutboundIn(data) {
            mode = .local(requestEnded: requestEnded, responseEnded: true)
            if requestEnded { becomeIdle() }
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if case .proxy(let exchange) = mode { exchange.clientWritabilityChanged(writable: context.channel.isWritable) }
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            quiescing = true
            switch mode {
            case .idle:
                // Nothing in flight: the router's connection handler closes the connection.
                context.fireUserInboundEventTriggered(event)
            case .proxy:
                // The exchange finishes first; the connection closes after its response.
                return
            case .local, .closed:
                context.fireUserInboundEventTriggered(event)
            }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if case .proxy(let exchange) = mode {
            exchange.clientGone()
            mode = .closed
            context.close(promise: nil)
            return
        }
        context.fireErrorCaught(error)
    }

    // MARK: Request dispatch

    private func canProcess(_ part: HTTPRequestPart) -> Bool {
        switch (mode, part) {
        case (.idle, _): true
        case (.local(let requestEnded, _), _): !requestEnded
        case (.proxy, .head): false
        case (.proxy(let exchange), _): !exchange.requestEnded
        case (.closed, _): false
        }
    }

    private func process(_ part: HTTPRequestPart) {
        guard let context else { return }
        switch mode {
        case .idle:
            guard case .head(let head) = part else { return }  // parts of a request already answered and closed
            if let path = head.path, let target = ProxyTarget(requestTarget: path), let upstream = core.upstreams[target.service] {
                let exchange = ProxyExchange(handler: self, head: head, target: target, upstream: upstream, generator: &generator)
                mode = .proxy(exchange)
                exchange.start()
            } else {
                mode = .local(requestEnded: false, responseEnded: false)
                context.fireChannelRead(wrapInboundOut(part))
            }
        case .local(_, let responseEnded):
            context.fireChannelRead(wrapInboundOut(part))
            if case .end = part {
                mode = .local(requestEnded: true, responseEnded: responseEnded)
                if responseEnded { becomeIdle() }
            }
        case .proxy(let exchange):
            exchange.clientPart(part)
        case .closed:
            return
        }
    }

    private var wantsPause: Bool {
        if case .proxy(let exchange) = mode { return exchange.wantsClientPaused }
        return false
    }

    /// Called by the exchange when its wish to pause reading changes.
    func readinessChanged() {
        guard readPending, !wantsPause, queued.count < Self.maxQueued, let context else { return }
        readPending = false
        context.read()
    }

    private func becomeIdle() {
        guard let context else { return }
        mode = .idle
        if quiescing {
            mode = .closed
            context.close(promise: nil)
            return
        }
        armHeaderTimer()
        while let next = queued.first, canProcess(next) {
            queued.removeFirst()
            process(next)
        }
        if readPending, !wantsPause, queued.count < Self.maxQueued {
            readPending = false
            context.read()
        }
    }

    /// Starts the header timeout: the connection is idle from now.
    private func armHeaderTimer() {
        idleSince = .now()
        ensureCheck(by: idleSince + core.headerTimeout)
    }

    /// Makes sure the connection's one timer fires no later than `deadline`. Deadlines only move later while
    /// requests flow, so this rarely schedules anything: when the timer fires, ``checkDeadlines()`` looks at what
    /// is due now and sets the timer for the next deadline. One timer per connection, not two per request.
    func ensureCheck(by deadline: NIODeadline) {
        if let current = timerDeadline, current <= deadline { return }
        guard let context else { return }
        timer?.cancel()
        timerDeadline = deadline
        timer = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(deadline: deadline) { [self] in
            timer = nil
            timerDeadline = nil
            checkDeadlines()
        }
    }

    private func checkDeadlines() {
        guard let context else { return }
        let now = NIODeadline.now()
        switch mode {
        case .idle:
            let due = idleSince + core.headerTimeout
            if due <= now {
                mode = .closed
                context.close(promise: nil)
            } else {
                ensureCheck(by: due)
            }
        case .proxy(let exchange):
            if let due = exchange.checkDeadline(now: now) { ensureCheck(by: due) }
        case .local, .closed:
            // The router's own requests are its business; the timer is armed again when the connection idles.
            break
        }
    }

    // MARK: Output for the exchange

    func writeResponse(_ part: HTTPResponsePart) {
        context?.write(wrapOutboundOut(part), promise: nil)
    }

    func flushClient() {
        context?.flush()
    }

    var isClientWritable: Bool { context?.channel.isWritable ?? false }

    /// Ends the response; with `close`, the connection closes once the end is written (the request was cut short,
    /// the client asked for it, or the gateway is shutting down).
    func endResponse(close: Bool) {
        guard let context else { return }
        if close || quiescing {
            mode = .closed
            let written = context.eventLoop.makePromise(of: Void.self)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
            written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        } else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    /// Abandons a response already under way (the upstream died mid-body): closing is the only honest signal.
    func abortClient() {
        guard let context else { return }
        mode = .closed
        context.close(promise: nil)
    }

    /// The exchange has answered and consumed its request: the connection serves the next one.
    func exchangeFinished(_ exchange: ProxyExchange) {
        guard case .proxy(let current) = mode, current === exchange else { return }
        becomeIdle()
    }
}
