import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Postgres
import ServiceLifecycle
import Synchronization

/// The global log over HTTP: a JSON page, or a live Server-Sent Events feed that resumes from `Last-Event-ID`.
struct EventRoutes {
    let store: EventStore
    let feed: LogFeed

    func register(on router: RouterGroup<GalleyRequestContext>) {
        router.get("events") { request, context in
            let after = try Self.checkpoint(request)
            if Self.acceptsEventStream(request.headers[.accept]) {
                return try stream(after: after, channel: context.channel)
            }
            let limitText = request.uri.queryParameters["limit"].map(String.init) ?? "100"
            guard let limit = Int(limitText), (1...1_000).contains(limit) else {
                throw Problem(.badRequest, "invalid-input", "Invalid input", detail: "limit is 1 to 1000")
            }
            let events = try await store.readAll(after: after, limit: limit)
            let next = events.last?.position ?? after
            // Export lines are JSON already: joined, not parsed and written again.
            let lines = events.map { $0.exportLine() }.joined(separator: ",")
            var response = JSONValueWriter.response("{\"events\":[\(lines)],\"next\":\(next)}")
            if events.count == limit {
                response.headers[ListQuery.link] = "<\(request.uri.path)?after=\(next)&limit=\(limit)>; rel=\"next\""
            }
            return response
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

    /// Whether an `Accept` header prefers `text/event-stream` (RFC 9110, 12.5.1): listed with a quality above 0,
    /// and above that of `application/json` when both are (a client that takes either gets the JSON page).
    static func acceptsEventStream(_ accept: String?) -> Bool {
        guard let accept else { return false }
        var qualities: [String: Double] = [:]
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let type = parts.first else { continue }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            qualities[type] = max(qualities[type] ?? 0, quality)
        }
        guard let stream = qualities["text/event-stream"], stream > 0 else { return false }
        return stream > (qualities["application/json"] ?? 0)
    }

    /// Streams every event after `after` as `id: POSITION`, `event: TYPE`, `data: EXPORT LINE`, then live from
    /// the server's one tail of the log, with a comment line while the log is quiet so idle proxies keep the
    /// connection. A client that falls behind gets a last `event: fell-behind` naming where to resume, and is
    /// let go; past the cap on streams the answer is 503 with `Retry-After`. Unnamed, the events carry no
    /// `event:` line, so that a browser's `EventSource` hears every one as a message.
    func stream(after: Int64, channel: any Channel, named: Bool = true) throws -> Response {
        guard feed.reserve() else {
            var problem = Problem(
                .serviceUnavailable, "too-many-streams", "Too many live feeds",
                detail: "the server follows as many live feeds as it may (\(feed.limits.maxClients)); try again later")
            problem.headers[.retryAfter] = "5"
            throw problem
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        let (store, feed) = (store, feed)
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                defer { feed.release() }
                var position = after
                func send(_ events: [RecordedEvent]) async throws {
                    guard !events.isEmpty else { return }
                    var text = ""
                    for event in events {
                        text +=
                            "id: \(event.position)\n" + (named ? "event: \(event.type)\n" : "")
                            + "data: \(event.exportLine())\n\n"
                    }
                    try await writer.write(ByteBuffer(string: text))
                    position = events[events.count - 1].position
                }
                // Further back than the window: pages from the pool, a connection held only for each page.
                var joined = feed.join(after: position)
                while joined == nil {
                    let page = try await store.readAll(after: position, limit: 500)
                    if page.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
                    try await send(page)
                    joined = feed.join(after: position)
                }
                guard let (backlog, deliveries, id) = joined else { return }
                // A client that hangs up is let go at once, not at the next write that fails.
                channel.whenClientHangsUp { feed.leave(id) }
                do {
                    try await send(backlog)
                    for await delivery in deliveries {
                        switch delivery {
                        case .events(let events): try await send(events.filter { $0.position > position })
                        case .heartbeat: try await writer.write(ByteBuffer(string: ": still here\n\n"))
                        }
                    }
                } catch {
                    feed.leave(id)
                    throw error
                }
                if feed.wasLetGo(id) {
                    let data = "{\"reason\":\"this client fell behind the log\",\"last_event_id\":\(position)}"
                    try await writer.write(ByteBuffer(string: "event: fell-behind\ndata: \(data)\n\n"))
                }
                try await writer.finish(nil)
            })
    }
}
