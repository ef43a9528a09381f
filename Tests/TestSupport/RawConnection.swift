import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A plain TCP connection to `127.0.0.1`, for clients that misbehave on purpose: silent, slow, not reading.
/// Its calls block; use it off Swift's cooperative threads (see `RawConnection.onThread`).
public final class RawConnection: @unchecked Sendable {
    // @unchecked Sendable: the descriptor is used by one caller at a time, as the tests do.
    private let descriptor: Int32

    /// Connects; `receiveBuffer` shrinks the socket's receive buffer, for a client that reads slowly.
    public init(port: Int, receiveBuffer: Int32? = nil) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw EventStreamClient.Failure(description: "socket: \(errno)") }
        if var size = receiveBuffer {
            setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
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
    }

    /// Sends `text` as it is.
    public func send(_ text: String) {
        _ = text.withCString { Glibc.send(descriptor, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until the server closes the connection or `timeout` passes; returns what came and whether it
    /// closed.
    public func readToEnd(timeout: Duration) -> (text: String, closed: Bool) {
        var wait = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let read = recv(descriptor, &buffer, buffer.count, 0)
            if read == 0 || (read < 0 && errno == ECONNRESET) {
                return (String(decoding: received, as: UTF8.self), true)
            }
            if read > 0 { received.append(contentsOf: buffer[0..<read]) }
        }
        return (String(decoding: received, as: UTF8.self), false)
    }

    /// Reads until what has come satisfies `done`, the server closes, or `timeout` passes; returns what came.
    public func read(until done: (String) -> Bool, timeout: Duration) -> String {
        var wait = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 16_384)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, !done(String(decoding: received, as: UTF8.self)) {
            let read = recv(descriptor, &buffer, buffer.count, 0)
            if read == 0 || (read < 0 && errno != EAGAIN && errno != EWOULDBLOCK) { break }
            if read > 0 { received.append(contentsOf: buffer[0..<read]) }
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// Runs blocking socket work on a thread of its own.
    public static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }

    deinit { Glibc.close(descriptor) }
}
