import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOPosix
import Platform
import W3CTraceContext

/// One proxied request, from its head to the last byte of its answer, on the client connection's event loop.
///
/// Order of business: path and size checks, CORS preflight, the edge checks (token, organisation, rate limit),
/// the upstream's circuit breaker and concurrency cap, then an attempt on a replica over a pooled connection.
/// Bodies stream both ways with backpressure. A failed attempt is retried on another replica only when that
/// cannot duplicate work: a connection that never opened, or an idempotent request whose body is still at hand,
/// within the retry budget. Whatever happens, the client gets an answer (a problem document when the gateway
/// answers itself) or, once an answer has started, a closed connection, never a silent hang.
final class ProxyExchange: UpstreamConnectionDelegate {
    private enum Failure {
        case connect(any Error)
        case reset
        case timeout
        case status(Int)
    }

    /// The client connection's handler. Unowned (no reference counting on the hot path): the handler may be gone
    /// once the client disconnected, so code that can run after ``clientGone()`` (callbacks of connects, timers,
    /// upstream events) checks `finished` before touching it.
    unowned let handler: EdgeHandler
    let core: GatewayCore
    let upstream: Upstream
    let target: ProxyTarget
    let clientHead: HTTPRequest
    let requestID: String
    let trace: TraceContext
    let started = NIODeadline.now()
    let origin: String?
    let clientWantsClose: Bool
    let method: String

    private var verdict: EdgeVerdict?
    private var upstreamHeaders: HTTPHeaders?
    /// Whether the upstream keeps its connection open after this answer.
    private var upstreamKeepAlive = true
    /// Some of the body has been written to a connection, so a new attempt needs `replay`.
    private var bodySent = false
    /// Body parts received but not yet written upstream (while admitting or connecting).
    private var pendingBody = CircularBuffer<ByteBuffer>()
    private var pendingBytes = 0
    /// The whole body kept for a retry, while it is small; nil once it cannot be replayed.
    private var replay: [ByteBuffer]? = []
    private var replayBytes = 0
    private(set) var requestEnded = false
    private var receivedBytes = 0
    private var connection: UpstreamConnection?
    private var replica: Replica?
    private var attempt = 0
    private var probe = false
    private var holdsSlot = false
    private var responseStarted = false
    private var responseStatus: Int?
    private var readDeadlineActive = false
    private var discardedBytes = 0
    private var lastActivity = NIODeadline.now()
    private var attemptStarted = NIODeadline.now()
    private var finished = false
    /// The request body is being read only to be thrown away (the request was refused before it was read).
    private var discarding = false
    private var needsUpstreamFlush = false
    private var upstreamPaused = false
    private var closeAfterResponse = false

    /// Request bodies read and dropped after an early answer, at most (a larger one closes the connection).
    static let discardLimit = 64 * 1024 * 1024
    /// How long a client whose body is being dropped may pause before its connection is closed.
    static let lingerTimeout: TimeAmount = .seconds(5)

    /// Bodies up to this size are kept so an idempotent request can be retried.
    static let replayLimit = 64 * 1024
    /// Body bytes buffered while the upstream is not ready before the client is paused.
    static let pendingLimit = 256 * 1024

    init(handler: EdgeHandler, head: HTTPRequest, target: ProxyTarget, upstream: Upstream, generator: inout FastRandom) {
        self.handler = handler
        self.core = handler.core
        self.upstream = upstream
        self.target = target
        self.clientHead = head
        self.requestID = ObservedRequestMiddleware.acceptedRequestID(head.headerFields[.xRequestID])
            ?? TraceID.random(using: &generator).description
        // The caller's trace continued (or one started here), with a span id of the gateway's own for the hop.
        let caller = head.headerFields[.w3cTraceparent].flatMap { try? TraceContext(traceParentHeaderValue: $0) }
        self.trace = TraceContext(
            traceID: caller?.traceID ?? .random(using: &generator), spanID: .random(using: &generator), flags: caller?.flags ?? .sampled,
            state: TraceState()
        )
        self.origin = head.headerFields[.origin]
        self.clientWantsClose = head.headerFields[.connection].map { Self.connectionTokens(of: $0).contains("close") } ?? false
        self.method = Self.metricMethod(head.method)
    }

    var wantsClientPaused: Bool { pendingBytes >= Self.pendingLimit || upstreamPaused }

    // MARK: Admission

    func start() {
        let path = clientHead.path ?? "/"
        if Self.isSuspicious(path) {
            return refuse(.badRequest("The path contains dot segments, encoded separators or backslashes; send a normalised path"))
        }
        if let length = clientHead.headerFields[.contentLength].flatMap(Int.init), length > upstream.spec.maxBodyBytes {
            return refuse(.payloadTooLarge(limit: upstream.spec.maxBodyBytes))
        }
        if clientHead.method == .options, let origin, let requested = clientHead.headerFields[.accessControlRequestMethod] {
            return answerPreflight(origin: origin, requestedMethod: requested)
        }
        let pathOnly = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        switch core.edge.admit(method: clientHead.method.rawValue, path: pathOnly, authorization: clientHead.headerFields[.authorization], clientIP: handler.remoteIP) {
        case .decided(let verdict):
            admitted(verdict)
        case .pending(let work):
            let eventLoop = handler.context!.eventLoop
            eventLoop.makeFutureWithTask { await work() }.assumeIsolated().whenComplete { [self] result in
                switch result {
                case .success(let verdict): admitted(verdict)
                case .failure: refuse(.serviceUnavailable("The request could not be authorised right now; please retry shortly", retryAfterSeconds: 2))
                }
            }
        }
    }

    private func admitted(_ verdict: EdgeVerdict) {
        guard !finished else { return }
        self.verdict = verdict
        if let refusal = verdict.refusal { return refuse(refusal) }
        switch upstream.breaker.admit() {
        case .rejected(let seconds):
            upstream.metrics.recordBreakerRejection()
            return refuse(.serviceUnavailable("The \(target.service.rawValue) service is failing; the gateway stopped sending it requests for a moment", retryAfterSeconds: seconds))
        case .allowed(let probe):
            self.probe = probe
        }
        guard upstream.concurrency.tryAcquire() else {
            upstream.breaker.release(probe: probe)
            probe = false
            upstream.metrics.recordConcurrencyRejection()
            return refuse(.serviceUnavailable("The \(target.service.rawValue) service has too many requests in flight; please retry shortly", retryAfterSeconds: 1))
        }
        holdsSlot = true
        upstream.retryBudget.recordRequest()
        upstreamHeaders = makeUpstreamHeaders(authorization: verdict.authorization)
        sendAttempt(avoiding: nil)
    }

    // MARK: Attempts

    private func sendAttempt(avoiding: Replica?) {
        guard !finished, let pool = handler.pool else { return }
        let replica = upstream.pickReplica(avoiding: avoiding)
        self.replica = replica
        replica.requestStarted()
        attemptStarted = .now()
        if let idle = pool.takeIdle(replica.address) {
            send(on: idle)
            return
        }
        pool.connect(replica.address, timeout: upstream.spec.connectTimeout) { [self] result in
            switch result {
            case .success(let connection):
                guard !finished else {
                    // The client went away while connecting; the connection is still good for others. The client's
                    // handler may be gone by now (it is unowned), so the pool captured above takes it back.
                    pool.release(connection)
                    return
                }
                send(on: connection)
            case .failure(let error):
                guard !finished else { return }
                failed(.connect(error))
            }
        }
    }

    private func send(on connection: UpstreamConnection) {
        guard var headers = upstreamHeaders else { return }
        self.connection = connection
        connection.handler.delegate = self
        headers.replaceOrAdd(name: "Host", value: connection.replica.authority)
        connection.write(.head(HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: clientHead.method.rawValue), uri: target.upstreamTarget, headers: headers)))
        if !bodySent {
            while let chunk = pendingBody.popFirst() { connection.write(.body(.byteBuffer(chunk))) }
        } else if let replay {
            for chunk in replay { connection.write(.body(.byteBuffer(chunk))) }
        }
        bodySent = true
        pendingBytes = 0
        if requestEnded { connection.write(.end(nil)) }
        connection.flush()
        handler.readinessChanged()
        armTimer()
    }

    /// Restarts the read timeout. The connection's timer (``EdgeHandler/ensureCheck(by:)``) asks
    /// ``checkDeadline(now:)`` when it fires; activity only moves the deadline, so a request schedules nothing.
    private func armTimer() {
        lastActivity = .now()
        readDeadlineActive = true
        handler.ensureCheck(by: lastActivity + timeoutAmount)
    }

    private var timeoutAmount: TimeAmount { TimeAmount(upstream.spec.readTimeout) }

    private func cancelTimer() {
        readDeadlineActive = false
    }

    /// Acts on whichever deadline has passed (the upstream's read timeout, or the pause of a client whose body is
    /// being dropped) and answers the next deadline to watch, if any.
    func checkDeadline(now: NIODeadline) -> NIODeadline? {
        if discarding {
            let due = lastActivity + Self.lingerTimeout
            if due > now { return due }
            discarding = false
            handler.abortClient()
            return nil
        }
        guard readDeadlineActive, !finished else { return nil }
        let due = lastActivity + timeoutAmount
        if due > now { return due }
        readDeadlineActive = false
        if responseStarted {
            // Stalled mid-answer: the client can only learn it from the connection closing.
            abortMidResponse()
        } else {
            failed(.timeout)
        }
        return nil
    }

    private func failed(_ failure: Failure, retryApproved: Bool = false) {
        cancelTimer()
        upstream.breaker.record(success: false, probe: probe)
        probe = false
        replica?.requestFinished()
        let failedReplica = replica
        replica = nil
        closeConnection()
        if case .status(let status) = failure {
            upstream.metrics.recordResponse(status: status, duration: Self.duration(since: attemptStarted))
        } else {
            upstream.metrics.recordResponse(status: nil, duration: Self.duration(since: attemptStarted))
        }
        if retryApproved || canRetry(after: failure), case .allowed(let probe) = upstream.breaker.admit() {
            self.probe = probe
            attempt += 1
            upstream.metrics.recordRetry()
            let backoff = upstream.retryPolicy.backoff(attempt: attempt, random: Double.random(in: 0..<1))
            handler.context?.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(
                in: TimeAmount(backoff)
            ) { [self] in
                sendAttempt(avoiding: failedReplica)
            }
            return
        }
        let service = target.service.rawValue
        switch failure {
        case .connect(let error):
            refuse(Problem(type: "upstream-unreachable", title: "Bad gateway", status: .badGateway, detail: "The \(service) service cannot be reached (\(Self.describe(error))); please retry shortly", headers: ["Retry-After": "2"]))
        case .reset:
            refuse(Problem(type: "upstream-unreachable", title: "Bad gateway", status: .badGateway, detail: "The \(service) service closed the connection without answering", headers: ["Retry-After": "2"]))
        case .timeout:
            let milliseconds = TimeAmount(upstream.spec.readTimeout).nanoseconds / 1_000_000
            refuse(Problem(type: "upstream-timeout", title: "Gateway timeout", status: .gatewayTimeout, detail: "The \(service) service did not answer within \(milliseconds) ms"))
        case .status(let status):
            // The retry was approved, but this failure opened the breaker: the answer that was let go is replaced
            // by the breaker's own.
            refuse(.serviceUnavailable("The \(service) service answered \(status) and is failing; the gateway stopped sending it requests for a moment", retryAfterSeconds: 1))
        }
    }

    private func canRetry(after failure: Failure) -> Bool {
        guard attempt < upstream.retryPolicy.maxRetries, !responseStarted else { return false }
        let idempotent = RetryPolicy.isIdempotent(method: clientHead.method.rawValue, hasIdempotencyKey: clientHead.headerFields[.idempotencyKey] != nil)
        switch failure {
        case .connect:
            // Nothing reached the upstream, so any method may go again; the body must still be at hand.
            guard !bodySent || replay != nil else { return false }
            guard upstream.retryBudget.tryAcquireRetry() else { return false }
            return true
        case .reset, .timeout, .status:
            guard idempotent, requestEnded, replay != nil else { return false }
            return upstream.retryBudget.tryAcquireRetry()
        }
    }

    // MARK: Client side

    func clientPart(_ part: HTTPRequestPart) {
        switch part {
        case .head:
            return
        case .body(let chunk):
            receivedBytes += chunk.readableBytes
            if discarding {
                discardedBytes += chunk.readableBytes
                if discardedBytes > Self.discardLimit {
                    discarding = false
                    handler.abortClient()
                } else {
                    armLinger()
                }
                return
            }
            if finished { return }
            if receivedBytes > upstream.spec.maxBodyBytes {
                if responseStarted {
                    abortMidResponse()
                } else {
                    closeConnection()
                    refuse(.payloadTooLarge(limit: upstream.spec.maxBodyBytes))
                }
                return
            }
            if replay != nil {
                replayBytes += chunk.readableBytes
                if replayBytes <= Self.replayLimit { replay!.append(chunk) } else { replay = nil }
            }
            if let connection {
                connection.write(.body(.byteBuffer(chunk)))
                needsUpstreamFlush = true
            } else if !bodySent {
                pendingBody.append(chunk)
                pendingBytes += chunk.readableBytes
            }
        case .end:
            requestEnded = true
            if discarding {
                discarding = false
                handler.exchangeFinished(self)
                return
            }
            if finished { return }
            if let connection {
                connection.write(.end(nil))
                needsUpstreamFlush = true
            }
        }
    }

    func flushUpstream() {
        if needsUpstreamFlush, let connection {
            needsUpstreamFlush = false
            connection.flush()
        }
    }

    func clientWritabilityChanged(writable: Bool) {
        guard let connection else { return }
        connection.handler.paused = !writable
    }

    /// The client's connection closed: stop everything and give back what the exchange held.
    func clientGone() {
        discarding = false
        guard !finished else { return }
        finished = true
        cancelTimer()
        closeConnection()
        releaseProbe()
        releaseHolds()
        log(status: 499)
    }

    // MARK: Upstream side

    func upstreamReceived(_ part: HTTPClientResponsePart) {
        guard !finished else { return }
        switch part {
        case .head(let response):
            let status = Int(response.status.code)
            if status < 200 { return }  // 100 Continue and friends are the proxy's business
            if [502, 503, 504].contains(status), canRetry(after: .status(status)) {
                failed(.status(status), retryApproved: true)
                return
            }
            responseStatus = status
            responseStarted = true
            armTimer()
            upstream.metrics.recordResponse(status: status, duration: Self.duration(since: attemptStarted))
            upstream.breaker.record(success: status < 500, probe: probe)
            probe = false
            upstreamKeepAlive = response.isKeepAlive
            var fields = HTTPFields()
            fields.reserveCapacity(response.headers.count + 12)
            let connectionTokens = response.headers.first(name: "connection").map(Self.connectionTokens(of:)) ?? []
            for header in response.headers {
                guard let name = HTTPField.Name(header.name), !Self.isHopByHop(name), !connectionTokens.contains(name.canonicalName) else { continue }
                fields.append(HTTPField(name: name, value: header.value))
            }
            decorate(&fields)
            handler.writeResponse(.head(HTTPResponse(status: .init(code: status, reasonPhrase: response.status.reasonPhrase), headerFields: fields)))
        case .body(let chunk):
            guard responseStarted else { return }
            armTimer()
            handler.writeResponse(.body(chunk))
            if !handler.isClientWritable, let connection {
                connection.handler.paused = true
            }
        case .end:
            guard responseStarted else { return }
            cancelTimer()
            let connection = self.connection
            self.connection = nil
            finished = true
            if let connection {
                if requestEnded && upstreamKeepAlive {
                    handler.pool?.release(connection)
                } else {
                    connection.close()
                }
            }
            releaseHolds()
            log(status: responseStatus ?? 502)
            if requestEnded {
                handler.endResponse(close: clientWantsClose)
                if !clientWantsClose { handler.exchangeFinished(self) }
            } else {
                // The upstream answered without reading the whole body (a 401, a 413): drop the rest.
                discardRest()
            }
        }
    }

    func upstreamReadComplete() {
        if responseStarted, !finished { handler.flushClient() }
    }

    func upstreamClosed(error: (any Error)?) {
        guard !finished, connection != nil else { return }
        connection = nil
        if responseStarted {
            abortMidResponse()
        } else {
            failed(.reset)
        }
    }

    func upstreamWritabilityChanged(writable: Bool) {
        upstreamPaused = !writable
        guard !finished else { return }
        handler.readinessChanged()
    }

    // MARK: Answers the gateway gives itself

    private func refuse(_ problem: Problem) {
        guard !finished else { return }
        finished = true
        cancelTimer()
        releaseProbe()
        releaseHolds()
        var fields = HTTPFields()
        fields[.contentType] = "application/problem+json"
        for (name, value) in problem.headers {
            if let name = HTTPField.Name(name) { fields[name] = value }
        }
        var problem = problem
        problem.instance = clientHead.path.map { String($0.split(separator: "?", maxSplits: 1).first ?? "") }
        if problem.status >= 500 { problem.extensions["request_id"] = .string(requestID) }
        let body = ByteBuffer(string: problem.jsonBody())
        fields[.contentLength] = String(body.readableBytes)
        decorate(&fields)
        handler.writeResponse(.head(HTTPResponse(status: .init(code: problem.status), headerFields: fields)))
        handler.writeResponse(.body(body))
        log(status: problem.status, problemType: problem.type)
        endOwnAnswer()
    }

    /// Ends an answer the gateway gave itself, possibly before the request was read: a small or absent body
    /// still on its way is read and dropped so the connection serves the next request; a large one closes it.
    private func endOwnAnswer() {
        if requestEnded {
            handler.endResponse(close: clientWantsClose)
            if !clientWantsClose { handler.exchangeFinished(self) }
            return
        }
        let fields = clientHead.headerFields
        let remaining: Int
        if let length = fields[.contentLength].flatMap(Int.init) {
            remaining = length - receivedBytes
        } else {
            remaining = fields[.transferEncoding] == nil ? 0 : Int.max
        }
        if remaining <= Self.discardLimit {
            discardRest()
        } else {
            handler.endResponse(close: true)
        }
    }

    /// Answers now and reads the rest of the request body only to drop it, the way nginx's lingering close does:
    /// a client still sending gets the answer instead of a reset, and the connection can serve the next request.
    /// A client that sends more than ``discardLimit`` or pauses for ``lingerTimeout`` is disconnected.
    private func discardRest() {
        discarding = true
        armLinger()
        handler.endResponse(close: clientWantsClose)
    }

    private func armLinger() {
        lastActivity = .now()
        handler.ensureCheck(by: lastActivity + Self.lingerTimeout)
    }

    private func answerPreflight(origin: String, requestedMethod: String) {
        guard let allowed = core.cors.preflight(origin: origin, requestedMethod: requestedMethod) else {
            return refuse(.forbidden("The origin \(origin.prefix(100)) may not call this API from a browser; ask the operator to add it to GATEWAY_CORS_ORIGINS"))
        }
        finished = true
        var fields = allowed
        fields[.contentLength] = "0"
        fields[.xRequestID] = requestID
        handler.writeResponse(.head(HTTPResponse(status: .noContent, headerFields: fields)))
        log(status: 204)
        endOwnAnswer()
    }

    /// Headers every answer to the client gets: request id, security headers, CORS, rate-limit state.
    private func decorate(_ fields: inout HTTPFields) {
        fields[.xRequestID] = requestID
        SecurityHeaders.apply(to: &fields)
        if origin != nil { core.cors.decorate(&fields, origin: origin) }
        if let verdict, let policy = verdict.rateLimitPolicy, let state = verdict.rateLimitState {
            fields[.rateLimitPolicy] = policy
            fields[.rateLimit] = state
        }
        if clientWantsClose { fields[.connection] = "close" }
    }

    private func abortMidResponse() {
        guard !finished else { return }
        finished = true
        cancelTimer()
        closeConnection()
        if responseStatus != nil {
            // The head was counted a success; the truncated body makes it a failure after all.
            upstream.breaker.record(success: false, probe: false)
        }
        releaseHolds()
        log(status: responseStatus ?? 502, problemType: "upstream-aborted")
        handler.abortClient()
    }

    /// Gives back a half-open probe slot whose attempt ended without a verdict on the upstream.
    private func releaseProbe() {
        if responseStatus == nil {
            upstream.breaker.release(probe: probe)
            probe = false
        }
    }

    /// Closes the upstream connection in use, if any: it cannot serve another request after a failure.
    private func closeConnection() {
        guard let connection else { return }
        self.connection = nil
        connection.close()
    }

    private func releaseHolds() {
        replica?.requestFinished()
        replica = nil
        if holdsSlot {
            holdsSlot = false
            upstream.concurrency.release()
        }
    }

    // MARK: Building the upstream request

    private func makeUpstreamHeaders(authorization: String?) -> HTTPHeaders {
        var fields = HTTPHeaders()
        fields.reserveCapacity(clientHead.headerFields.count + 7)
        let connectionTokens = Self.connectionTokens(clientHead.headerFields)
        var chunked = false
        for field in clientHead.headerFields {
            let name = field.name
            if name == .transferEncoding {
                chunked = field.value.lowercased().contains("chunked")
                continue
            }
            if Self.isHopByHop(name) || Self.replacedOnRequest.contains(name) || connectionTokens.contains(name.canonicalName) { continue }
            if name == .authorization, let authorization {
                fields.add(name: "Authorization", value: authorization)
                continue
            }
            fields.add(name: name.rawName, value: field.value)
        }
        if chunked, clientHead.headerFields[.contentLength] == nil { fields.add(name: "Transfer-Encoding", value: "chunked") }
        let forwardedFor = clientHead.headerFields[.xForwardedFor]
        if let ip = handler.remoteIP {
            fields.add(name: "X-Forwarded-For", value: forwardedFor.map { "\($0), \(ip)" } ?? ip)
        } else if let forwardedFor {
            fields.add(name: "X-Forwarded-For", value: forwardedFor)
        }
        if let authority = clientHead.authority { fields.add(name: "X-Forwarded-Host", value: authority) }
        fields.add(name: "X-Forwarded-Proto", value: clientHead.headerFields[.xForwardedProto] ?? "http")
        fields.add(name: "X-Request-Id", value: requestID)
        fields.add(name: "traceparent", value: trace.traceParentHeaderValue)
        if let state = clientHead.headerFields[.tracestate] { fields.add(name: "tracestate", value: state) }
        return fields
    }

    static let replacedOnRequest: Set<HTTPField.Name> = [.xRequestID, .w3cTraceparent, .tracestate, .xForwardedFor, .xForwardedHost, .xForwardedProto, .expect]

    static func isHopByHop(_ name: HTTPField.Name) -> Bool {
        switch name {
        case .connection, .keepAlive, .proxyConnection, .proxyAuthenticate, .proxyAuthorization, .te, .trailer, .transferEncoding, .upgrade:
            true
        default:
            false
        }
    }

    /// Headers named in `Connection` are hop-by-hop too (RFC 9110 §7.6.1).
    static func connectionTokens(_ fields: HTTPFields) -> Set<String> {
        guard let value = fields[.connection] else { return [] }
        return connectionTokens(of: value)
    }

    static func connectionTokens(of value: String) -> Set<String> {
        var tokens = Set<String>()
        for item in value.utf8.split(separator: UInt8(ascii: ",")) {
            let trimmed = item.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            let end = trimmed.lastIndex { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
            guard let end else { continue }
            tokens.insert(String(decoding: trimmed[...end].map { (65...90).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self))
        }
        return tokens
    }

    /// Dot segments could walk out of `/v1/` on the service, also when spelled with percent-encoding (`%2e%2e`) or
    /// built with encoded separators (`..%2f`, `..%5c`); a NUL byte has no business in a path. Anything else,
    /// however odd, is the service's to judge.
    static func isSuspicious(_ target: String) -> Bool {
        let path = target.utf8.prefix { $0 != UInt8(ascii: "?") }
        for segment in path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            if isDotSegment(segment) { return true }
            guard segment.contains(UInt8(ascii: "%")) else { continue }
            guard let decoded = String(Substring(segment)).removingPercentEncoding else { return true }
            let bytes = Array(decoded.utf8)
            if bytes.contains(0) { return true }
            let parts = bytes.split(omittingEmptySubsequences: false) { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") }
            if parts.contains(where: { isDotSegment($0) }) { return true }
        }
        return false
    }

    private static func isDotSegment<Bytes: Collection<UInt8>>(_ segment: Bytes) -> Bool {
        segment.elementsEqual(".".utf8) || segment.elementsEqual("..".utf8)
    }

    static func metricMethod(_ method: HTTPRequest.Method) -> String {
        switch method {
        case .get, .post, .put, .patch, .delete, .head, .options: method.rawValue
        default: "OTHER"
        }
    }

    static func describe(_ error: any Error) -> String {
        if let channelError = error as? ChannelError, case .connectTimeout = channelError { return "connection timed out" }
        if let error = error as? NIOConnectionError { return error.connectionErrors.isEmpty ? "no address" : "connection refused" }
        let text = String(describing: error)
        return text.contains("refused") ? "connection refused" : String(text.prefix(120))
    }

    // MARK: Access log and metrics

    private func log(status: Int, problemType: String? = nil) {
        let elapsed = NIODeadline.now() - started
        core.routeMetrics.record(method: method, route: target.routeLabel, status: status, duration: .nanoseconds(elapsed.nanoseconds))
        guard core.logsRequests else { return }
        var metadata: Logger.Metadata = [
            "request_id": .string(requestID),
            "trace_id": .string(trace.traceID.description),
            "span_id": .string(trace.spanID.description),
            "http.method": .string(clientHead.method.rawValue),
            "http.path": .string(String((clientHead.path ?? "").split(separator: "?", maxSplits: 1).first ?? "")),
            "http.route": .string(target.routeLabel),
            "http.status": .stringConvertible(status),
            "duration_ms": .string(String(format: "%.3f", Double(elapsed.nanoseconds) / 1e6)),
            "upstream": .string(target.service.rawValue),
        ]
        if attempt > 0 { metadata["retries"] = .stringConvertible(attempt) }
        if let tenant = verdict?.tenantID { metadata["tenant_id"] = .string(tenant) }
        if let problemType { metadata["problem"] = .string(problemType) }
        if let ip = handler.remoteIP { metadata["client_ip"] = .string(ip) }
        core.logger.log(level: status >= 500 ? .warning : .info, "request", metadata: metadata)
    }

    static func duration(since start: NIODeadline) -> Duration {
        .nanoseconds((NIODeadline.now() - start).nanoseconds)
    }
}
