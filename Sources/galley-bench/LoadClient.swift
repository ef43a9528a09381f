import NIOCore
import NIOHTTP1
import NIOPosix

/// One keep-alive HTTP/1.1 connection that sends requests one after another, the way a load generator does.
///
/// The benchmark measures the server, so its client must cost little: Foundation's `URLSession` on Linux spends
/// about 2 ms of CPU on each request, on the same two cores the server and PostgreSQL use.
struct LoadClient {
    private var responses: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator
    private let requests: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>

    /// Connects to `127.0.0.1:port`, runs `body` with the connection, and closes it.
    static func withConnection<Result: Sendable>(
        port: Int, _ body: (inout LoadClient) async throws -> Result
    ) async throws -> Result {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var client = LoadClient(responses: inbound.makeAsyncIterator(), requests: outbound)
            return try await body(&client)
        }
    }

    /// Sends a POST with a JSON body and returns the response's status once the whole response has arrived.
    mutating func post(_ path: String, json: String, headers: [(String, String)]) async throws -> Int {
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path)
        head.headers.add(name: "Host", value: "127.0.0.1")
        head.headers.add(name: "Content-Type", value: "application/json")
        head.headers.add(name: "Content-Length", value: String(json.utf8.count))
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        try await requests.write(contentsOf: [.head(head), .body(.byteBuffer(ByteBuffer(string: json))), .end(nil)])
        var status = 0
        while let part = try await responses.next() {
            switch part {
            case .head(let response): status = Int(response.status.code)
            case .body: continue
            case .end: return status
            }
        }
        throw BenchmarkFailure("the server closed the connection")
    }

    /// Sends a GET and returns the response's status and body once it has all arrived.
    mutating func get(_ path: String, headers: [(String, String)]) async throws -> (status: Int, body: ByteBuffer) {
        var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path)
        head.headers.add(name: "Host", value: "127.0.0.1")
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        try await requests.write(contentsOf: [.head(head), .end(nil)])
        var status = 0
        var body = ByteBuffer()
        while let part = try await responses.next() {
            switch part {
            case .head(let response): status = Int(response.status.code)
            case .body(var chunk): body.writeBuffer(&chunk)
            case .end: return (status, body)
            }
        }
        throw BenchmarkFailure("the server closed the connection")
    }
}
