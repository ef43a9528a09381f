import Foundation

/// Many live feeds held open at once over plain sockets, as many browsers would hold them: each asks for
/// `/v1/events` as Server-Sent Events and reads until the response's head (and a first event) has come.
public final class HeldStreams: @unchecked Sendable {
    // @unchecked Sendable: the connections are only touched by `open`'s thread and then by `close`.
    private var connections: [RawConnection] = []
    /// The status line each stream got, in the order they were opened.
    public private(set) var statusLines: [String] = []
    /// What each stream received before `open` moved on to the next.
    public private(set) var heads: [String] = []

    /// Opens `count` streams to `127.0.0.1:port` on a thread of its own (the sockets block), waiting for each
    /// one's response head before opening the next, for at most a minute in all.
    public static func open(count: Int, port: Int, token: String, after: Int64 = 0) async throws -> HeldStreams {
        try await RawConnection.onThread {
            let streams = HeldStreams()
            let deadline = ContinuousClock.now + .seconds(60)
            for _ in 0..<count where ContinuousClock.now < deadline {
                let connection = try RawConnection(port: port)
                connection.send(
                    "GET /v1/events?after=\(after) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                        + "Authorization: Bearer \(token)\r\n\r\n")
                // The head, and for a stream that opened, its first event: then the server follows for it.
                let text = connection.read(
                    until: { $0.contains("\r\n\r\n") && (!$0.hasPrefix("HTTP/1.1 200") || $0.contains("\n\n")) },
                    timeout: .seconds(5))
                streams.connections.append(connection)
                streams.statusLines.append(text.components(separatedBy: "\r\n").first ?? "")
                streams.heads.append(text)
            }
            return streams
        }
    }

    /// Hangs up every stream.
    public func close() { connections = [] }
}
