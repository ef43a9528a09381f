import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Many live feeds held open at once over plain sockets, as many browsers would hold them: each asks for
/// `/v1/events` as Server-Sent Events and reads until the response's head (and a first event) has come.
public final class HeldStreams: @unchecked Sendable {
    // @unchecked Sendable: the descriptors are only touched by `open`'s thread and then by `close`.
    private var descriptors: [Int32] = []
    /// The status line each stream got, in the order they were opened.
    public private(set) var statusLines: [String] = []
    /// What each stream received before `open` moved on to the next.
    public private(set) var heads: [String] = []

    /// Opens `count` streams to `127.0.0.1:port` on a thread of its own (the sockets block), waiting for each
    /// one's response head before opening the next.
    public static func open(count: Int, port: Int, token: String, after: Int64 = 0) async throws -> HeldStreams {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                let streams = HeldStreams()
                continuation.resume(
                    with: Result {
                        let deadline = ContinuousClock.now + .seconds(60)
                        for _ in 0..<count where ContinuousClock.now < deadline {
                            try streams.openOne(port: port, token: token, after: after)
                        }
                        return streams
                    })
            }
        }
    }

    private func openOne(port: Int, token: String, after: Int64) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw EventStreamClient.Failure(description: "socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            Glibc.close(descriptor)
            throw EventStreamClient.Failure(description: "connect: \(errno)")
        }
        descriptors.append(descriptor)
        var wait = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        let request =
            "GET /v1/events?after=\(after) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
            + "Authorization: Bearer \(token)\r\n\r\n"
        _ = request.withCString { send(descriptor, $0, strlen($0), 0) }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 16_384)
        // The head, and for a stream that opened, its first event: then the server is following for it.
        while !(String(decoding: received, as: UTF8.self).contains("\r\n\r\n")
            && (!String(decoding: received, as: UTF8.self).hasPrefix("HTTP/1.1 200")
                || String(decoding: received, as: UTF8.self).contains("\n\n")))
        {
            let read = recv(descriptor, &buffer, buffer.count, 0)
            if read <= 0 { break }
            received.append(contentsOf: buffer[0..<read])
        }
        let text = String(decoding: received, as: UTF8.self)
        statusLines.append(text.components(separatedBy: "\r\n").first ?? "")
        heads.append(text)
    }

    /// Hangs up every stream.
    public func close() {
        for descriptor in descriptors { Glibc.close(descriptor) }
        descriptors = []
    }

    deinit { close() }
}
