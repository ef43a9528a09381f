import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import Postgres
import ServiceLifecycle
import Synchronization

/// The global log over HTTP: a JSON page, or a live Server-Sent Events feed that resumes from `Last-Event-ID`.
struct EventRoutes {
    let store: EventStore
    let database: ConnectionConfiguration

    func register(on router: RouterGroup<GalleyRequestContext>) {
        router.get("events") { request, _ in
            let after = try Self.checkpoint(request)
            if request.headers[.accept]?.contains("text/event-stream") == true {
                return stream(after: after)
            }
            let limitText = request.uri.queryParameters["limit"].map(String.init) ?? "100"
            guard let limit = Int(limitText), (1...1_000).contains(limit) else {
                throw Problem(.badRequest, "invalid-input", "Invalid input", detail: "limit is 1 to 1000")
            }
            let events = try await store.readAll(after: after, limit: limit)
            let next = events.last?.position ?? after
            // Export lines are JSON already: joined, not parsed and written again.
            let lines = events.map { $0.exportLine() }.joined(separator: ",")
            return JSONValueWriter.response("{\"events\":[\(lines)],\"next\":\(next)}")
        }
    }

    /// Where to start: `Last-Event-ID` (a reconnecting feed) or `?after=`, else the beginning.
    static func checkpoint(_ request: Request) throws -> Int64 {
        let text = request.headers[Self.lastEventID] ?? request.uri.queryParameters["after"].map(String.init) ?? "0"
        guard let value = Int64(text), value >= 0 else {
            throw Problem(.badRequest, "invalid-input", "Invalid input", detail: "after is a position, 0 or more")
        }
        return value
    }

    static let lastEventID = HTTPField.Name("Last-Event-ID")!

    /// Streams every event after `after` as `id: POSITION`, `event: TYPE`, `data: EXPORT LINE`, then waits for
    /// more (NOTIFY, and a poll), with a comment line every 15 s so idle proxies keep the connection. It ends
    /// when the client goes or the server shuts down.
    func stream(after: Int64) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        let database = database
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                try await Connection.with(database) { connection in
                    try await connection.listen(EventStore.notificationChannel)
                    var reader = GlobalLogReader(after: after)
                    var quiet = ContinuousClock.now
                    let stopping = StopFlag()
                    try await withGracefulShutdownHandler {
                        while !stopping.isSet {
                            let events = try await reader.read(on: connection, limit: 500)
                            for event in events {
                                let text =
                                    "id: \(event.position)\nevent: \(event.type)\ndata: \(event.exportLine())\n\n"
                                try await writer.write(ByteBuffer(string: text))
                                quiet = .now
                            }
                            if events.isEmpty {
                                if ContinuousClock.now - quiet > .seconds(15) {
                                    try await writer.write(ByteBuffer(string: ": still here\n\n"))
                                    quiet = .now
                                }
                                let wait = reader.isWaitingOnGap ? Duration.milliseconds(5) : .seconds(1)
                                _ = try await connection.waitForNotifications(timeout: wait)
                            }
                        }
                    } onGracefulShutdown: {
                        stopping.set()
                    }
                }
                try await writer.finish(nil)
            })
    }
}

/// A flag one task sets and another polls: the feed's "the server is shutting down".
final class StopFlag: Sendable {
    private let state = Mutex(false)

    var isSet: Bool { state.withLock { $0 } }

    func set() { state.withLock { $0 = true } }
}
