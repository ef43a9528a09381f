import Coding
import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import Synchronization

/// Guards each HTTP connection: a cap on how many are open at once, in all and from one client address (a trusted
/// proxy's connections carry many clients and count only in all), a time limit for a request's head (from
/// the connection's start, or the end of the previous response) and one for its body, and word when the client
/// has hung up, for a live feed to let go of it at once rather than at its next write.
///
/// It sits in each connection's pipeline after HTTP decoding. A connection past the cap, or a request too slow
/// to arrive, is closed: a client sending its head a byte at a time cannot hold a place for long.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The count of open connections, in all and by client address, shared by every connection's guard.
    final class Count: Sendable {
        let open = Atomic<Int>(0)
        let byAddress = Mutex<[String: Int]>([:])

        /// Counts a new connection from `address`; false when that makes more than `limit`.
        func add(_ address: String, limit: Int) -> Bool {
            byAddress.withLock { counts in
                counts[address, default: 0] += 1
                return counts[address, default: 0] <= limit
            }
        }

        /// Counts a connection from `address` closed; an address with none open is forgotten.
        func remove(_ address: String) {
            byAddress.withLock { counts in
                counts[address, default: 1] -= 1
                if counts[address] == 0 { counts[address] = nil }
            }
        }
    }

    private let limits: ConnectionLimits
    private let count: Count
    private let proxies: TrustedProxies
    private let logger: Logger
    private var counted = false
    /// The peer's address while it is counted against its own cap.
    private var countedAddress: String?
    private var timer: Scheduled<Void>?
    private var hangUpCallbacks: [@Sendable () -> Void] = []
    private var hungUp = false

    init(limits: ConnectionLimits, count: Count, proxies: TrustedProxies = TrustedProxies(), logger: Logger) {
        self.limits = limits
        self.count = count
        self.proxies = proxies
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !counted else { return }
        counted = true
        if count.open.wrappingAdd(1, ordering: .relaxed).newValue > limits.maxConnections {
            logger.notice("refused a connection: the server has as many open as it may (\(limits.maxConnections))")
            context.close(promise: nil)
            return
        }
        let peer = context.channel.remoteAddress
        if !proxies.trusts(peer), let address = peer?.ipAddress.flatMap(TrustedProxies.normalized) {
            countedAddress = address
            guard count.add(address, limit: limits.maxConnectionsPerAddress) else {
                logger.notice(
                    "refused a connection: its address has as many open as it may",
                    metadata: [
                        "address": .string(address), "limit": .stringConvertible(limits.maxConnectionsPerAddress),
                    ])
                context.close(promise: nil)
                return
            }
        }
        waitFor("the request's head", limits.headerTimeout, context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if counted {
            count.open.wrappingSubtract(1, ordering: .relaxed)
            counted = false
        }
        if let countedAddress {
            count.remove(countedAddress)
            self.countedAddress = nil
        }
        timer?.cancel()
        hangUp()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: waitFor("the request's body", limits.bodyTimeout, context)
        case .body: break
        case .end:
            timer?.cancel()
            timer = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { waitFor("the next request's head", limits.headerTimeout, context) }
        context.write(data, promise: promise)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed { hangUp() }
        context.fireUserInboundEventTriggered(event)
    }

    /// A request the HTTP parser cannot read (oversized head, malformed request line) gets a problem+json
    /// answer before the connection closes, instead of a bare 400.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parse = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        let (status, detail): (HTTPResponse.Status, String) =
            switch parse {
            case .headerOverflow:
                (.requestHeaderFieldsTooLarge, "the request's head is larger than the server takes (80 KiB)")
            default: (.badRequest, "the request is not HTTP/1.1 this server can read: \(parse)")
            }
        let problem = JSONValue.object([
            "type": .string("urn:galley:problem:\(status == .badRequest ? "bad-request" : "header-too-large")"),
            "title": .string(status.reasonPhrase), "status": .int(Int64(status.code)), "detail": .string(detail),
        ]).canonicalText
        let body = context.channel.allocator.buffer(string: problem)
        var fields = HTTPFields()
        fields[.contentType] = "application/problem+json"
        fields[.contentLength] = "\(body.readableBytes)"
        fields[.connection] = "close"
        context.write(wrapOutboundOut(.head(HTTPResponse(status: status, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }

    /// Calls `callback` once the client has hung up (at once if it already has). Call it on the event loop.
    func whenHungUp(_ callback: @escaping @Sendable () -> Void) {
        if hungUp { callback() } else { hangUpCallbacks.append(callback) }
    }

    private func hangUp() {
        guard !hungUp else { return }
        hungUp = true
        let callbacks = hangUpCallbacks
        hangUpCallbacks = []
        for callback in callbacks { callback() }
    }

    private func waitFor(_ what: String, _ limit: Duration, _ context: ChannelHandlerContext) {
        timer?.cancel()
        let channel = context.channel
        let logger = logger
        timer = context.eventLoop.scheduleTask(in: TimeAmount(limit)) {
            logger.debug("closed a connection: \(what) did not arrive in time")
            channel.close(promise: nil)
        }
    }
}

extension Channel {
    /// Calls `callback` once the client of this connection has hung up (see `ConnectionGuard`).
    func whenClientHangsUp(_ callback: @escaping @Sendable () -> Void) {
        eventLoop.execute {
            guard let guardHandler = try? self.pipeline.syncOperations.handler(type: ConnectionGuard.self) else {
                return
            }
            guardHandler.whenHungUp(callback)
        }
    }
}

extension TimeAmount {
    /// The same span as NIO counts it.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
