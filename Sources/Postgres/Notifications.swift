import CLibPQ
import Foundation

/// A message sent with NOTIFY (or `pg_notify`) on a channel this connection listens to.
public struct PostgresNotification: Sendable, Equatable {
    /// The channel it was sent on.
    public var channel: String
    /// The payload, empty when none was given.
    public var payload: String
    /// The server process that sent it.
    public var senderPID: Int32
}

extension Connection {
    /// Starts listening on `channel`; notifications then queue up until `waitForNotifications` takes them.
    public func listen(_ channel: String) async throws {
        try Self.validate(channel: channel)
        try await withSession { session in
            try session.runScript("LISTEN \(try session.quoteIdentifier(channel))")
        }
    }

    /// Stops listening on `channel`.
    public func unlisten(_ channel: String) async throws {
        try Self.validate(channel: channel)
        try await withSession { session in
            try session.runScript("UNLISTEN \(try session.quoteIdentifier(channel))")
        }
    }

    /// Sends a notification; listeners receive it when the current transaction (if any) commits.
    public func notify(_ channel: String, payload: String = "") async throws {
        try await execute("SELECT pg_notify($1, $2)", [channel, payload])
    }

    /// Waits until a notification arrives or `timeout` passes, whichever is first, and returns every
    /// notification that has arrived by then (none on timeout): a listener that only needs to know that
    /// something changed wakes once for a burst, not once a message.
    public func waitForNotifications(timeout: Duration) async throws -> [PostgresNotification] {
        try await withSession { try $0.waitForNotifications(timeout: timeout) }
    }

    // LISTEN takes an identifier, which cannot be a parameter; channel names are restricted and then quoted.
    private static func validate(channel: String) throws {
        let allowed = channel.utf8.allSatisfy { byte in
            (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 95 || byte == 46
        }
        guard allowed, !channel.isEmpty, channel.utf8.count < 64 else {
            throw PostgresError.invalidParameter(
                index: 1, reason: "channel names use a-z, 0-9, '_' and '.', at most 63 characters: \(channel)")
        }
    }
}

extension Session {
    /// Quotes an identifier with libpq's own rules.
    func quoteIdentifier(_ identifier: String) throws -> String {
        guard let quoted = PQescapeIdentifier(handle, identifier, identifier.utf8.count) else {
            throw lostOrFailed()
        }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }

    /// Blocks this connection's thread until a notification arrives or the timeout passes; returns every
    /// notification that has arrived by then.
    public func waitForNotifications(timeout: Duration) throws -> [PostgresNotification] {
        let deadline = ContinuousClock.now + timeout
        while true {
            guard PQconsumeInput(handle) != 0 else { throw lostOrFailed() }
            var arrived: [PostgresNotification] = []
            while let notification = PQnotifies(handle) {
                arrived.append(
                    PostgresNotification(
                        channel: String(cString: notification.pointee.relname),
                        payload: String(cString: notification.pointee.extra),
                        senderPID: notification.pointee.be_pid))
                PQfreemem(notification)
            }
            if !arrived.isEmpty { return arrived }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return [] }
            let (seconds, attoseconds) = remaining.components
            let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, milliseconds)
            if ready < 0 && errno != EINTR {
                throw PostgresError.connectionLost(message: "poll failed: errno \(errno)")
            }
        }
    }
}
