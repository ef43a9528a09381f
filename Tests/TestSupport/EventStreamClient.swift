import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a Server-Sent Events feed over a plain socket, the way a browser's EventSource would, and hangs up
/// after a given number of events (a disconnect, as far as the server can tell).
public enum EventStreamClient {
    /// One event of the feed.
    public struct Event: Sendable, Hashable {
        /// Its `id:` line.
        public var id: String
        /// Its `data:` line.
        public var data: String
    }

    /// Why the feed could not be read.
    public struct Failure: Error, CustomStringConvertible {
        /// What happened.
        public var description: String
    }

    /// Connects to `127.0.0.1:port`, asks for `/v1/events` as a stream (from `lastEventID` when given), and
    /// returns the first `count` events, giving up after `timeout`.
    public static func read(
        port: Int, token: String, lastEventID: String? = nil, count: Int, timeout: Duration = .seconds(20)
    ) async throws -> [Event] {
        var headers = ["Authorization: Bearer \(token)"]
        if let lastEventID { headers.append("Last-Event-ID: \(lastEventID)") }
        let text = try await receive(port: port, path: "/v1/events", headers: headers, timeout: timeout) {
            parse(String(decoding: $0, as: UTF8.self)).count >= count
        }
        let events = parse(text)
        guard events.count >= count else {
            throw Failure(description: "got \(events.count) of \(count) events: \(text)")
        }
        return Array(events.prefix(count))
    }

    /// Connects to `127.0.0.1:port`, asks for `path` as a stream with `headers` (whole lines), and reads until
    /// `enough` says so of the latest text (the last 64 KiB that arrived, so that a long feed is not searched
    /// whole at each read), the server ends the answer, or `timeout` passes; returns the whole text (chunked
    /// framing and all).
    public static func read(
        port: Int, path: String, headers: [String], timeout: Duration,
        enough: @escaping @Sendable (_ latest: String) -> Bool
    ) async throws -> String {
        try await receive(port: port, path: path, headers: headers, timeout: timeout) {
            enough(String(decoding: $0.suffix(65_536), as: UTF8.self))
        }
    }

    /// The socket blocks, so it is read on a thread of its own rather than on one of Swift's cooperative threads.
    private static func receive(
        port: Int, path: String, headers: [String], timeout: Duration,
        enough: @escaping @Sendable (_ received: Data) -> Bool
    ) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(
                    with: Result {
                        try readBlocking(port: port, path: path, headers: headers, timeout: timeout, enough: enough)
                    })
            }
        }
    }

    private static func readBlocking(
        port: Int, path: String, headers: [String], timeout: Duration, enough: (Data) -> Bool
    ) throws -> String {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(description: "connect: \(errno)") }
        var wait = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        let request =
            "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
            + headers.map { "\($0)\r\n" }.joined() + "\r\n"
        _ = request.withCString { send(descriptor, $0, strlen($0), 0) }

        var received = Data()
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while ContinuousClock.now < deadline {
            let read = recv(descriptor, &buffer, buffer.count, 0)
            if read == 0 { break }
            guard read > 0 else { continue }
            received.append(contentsOf: buffer[0..<read])
            if enough(received) { break }
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// The complete events in a stream's text so far (chunked transfer framing lines are skipped).
    public static func parse(_ text: String) -> [Event] {
        var events: [Event] = []
        var id: String?
        var data: String?
        // "\r\n" is one Character in Swift, so lines are split on bytes.
        let lines = Array(text.utf8).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            String(decoding: $0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0[...], as: UTF8.self)
        }
        for line in lines {
            if line.hasPrefix("id: ") {
                id = String(line.dropFirst(4))
            } else if line.hasPrefix("data: ") {
                data = String(line.dropFirst(6))
            } else if line.isEmpty, let eventID = id, let eventData = data {
                events.append(Event(id: eventID, data: eventData))
                id = nil
                data = nil
            }
        }
        return events
    }
}
