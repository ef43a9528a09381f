import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// Webhook receivers on loopback for the benchmark, one port each, written with NIO so that receiving costs
/// little beside the deliverer on the same cores: each notes when a webhook-id first arrived, and answers 200,
/// or, for one that never answers, nothing at all.
final class BenchReceiver: Sendable {
    /// The port it listens on.
    let port: Int
    private let channel: any Channel
    private let arrivals: Arrivals

    /// When each webhook-id first arrived, shared by the receiver's connections.
    final class Arrivals: Sendable {
        let first = Mutex<[String: Date]>([:])

        func note(_ id: String) {
            let now = Date()
            first.withLock { if $0[id] == nil { $0[id] = now } }
        }
    }

    private init(port: Int, channel: any Channel, arrivals: Arrivals) {
        self.port = port
        self.channel = channel
        self.arrivals = arrivals
    }

    /// Starts a receiver on a free port; `answers` false makes one that never answers.
    static func start(answers: Bool) async throws -> BenchReceiver {
        let arrivals = Arrivals()
        let note: @Sendable (String) -> Void = { arrivals.note($0) }
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Handler(answers: answers, note: note))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return BenchReceiver(port: channel.localAddress?.port ?? 0, channel: channel, arrivals: arrivals)
    }

    /// When each webhook-id first arrived.
    var firstArrivals: [String: Date] { arrivals.first.withLock { $0 } }

    /// How many distinct webhook-ids have arrived.
    var count: Int { arrivals.first.withLock { $0.count } }

    func close() async { try? await channel.close() }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let answers: Bool
        let note: @Sendable (String) -> Void

        init(answers: Bool, note: @escaping @Sendable (String) -> Void) {
            self.answers = answers
            self.note = note
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                if let id = head.headers.first(name: "webhook-id") { note(id) }
            case .body:
                break
            case .end:
                guard answers else { return }
                var headers = HTTPHeaders()
                headers.add(name: "content-length", value: "0")
                context.write(
                    wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))),
                    promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
