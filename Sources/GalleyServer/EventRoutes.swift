import Editorial
import EventStore
import Foundation
import Galley
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Postgres
import ServiceLifecycle
import Synchronization

/// The global log over HTTP: a JSON page, or a live Server-Sent Events feed that resumes from `Last-Event-ID`.
struct EventRoutes {
    let store: EventStore
    let feed: LogFeed
    /// Where a feed's bearer token is looked up again.
    let tokens: TokenStore

    func register(on router: RouterGroup<GalleyRequestContext>) {
        router.get("events") { request, context in
            let after = try Self.checkpoint(request)
            let user = try ArticleRoutes.user(context)
            if Self.acceptsEventStream(request.headers[.accept]) {
                return try stream(after: after, viewer: viewer(user, request), channel: context.channel)
            }
            let limitText = request.uri.queryParameters["limit"].map(String.init) ?? "100"
            guard let limit = Int(limitText), (1...1_000).contains(limit) else {
                throw Problem(.badRequest, "invalid-input", "Invalid input", detail: "limit is 1 to 1000")
            }
            let events = try await store.readAll(after: after, limit: limit)
            // The page goes on from the last event read, shown or not, so a page of hidden events is no end.
            let next = events.last?.position ?? after
            // Export lines are JSON already: joined, not parsed and written again.
            let lines = events.filter { StreamAccess.mayRead($0.streamID, user) }.map { $0.exportLine() }
                .joined(separator: ",")
            var response = JSONValueWriter.response("{\"events\":[\(lines)],\"next\":\(next)}")
            if events.count == limit {
                response.headers[ListQuery.link] = "<\(request.uri.path)?after=\(next)&limit=\(limit)>; rel=\"next\""
            }
            return response
        }
    }

    /// The feed's viewer for a bearer token's request: the token is looked up again in the database (not the
    /// cache, which may not have heard of a revocation the feed has just passed on).
    private func viewer(_ user: User, _ request: Request) -> FeedViewer {
        let token = BearerToken.of(request) ?? ""
        let store = tokens
        return FeedViewer(user: user) { try await store.user(for: token) }
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

    /// Events a client catches up by at a time, and the most text written before waiting for the client to
    /// take it: a client that does not read holds this much of the server's memory, not its whole backlog.
    static let catchUpBatch = 100
    static let writeSize = 64 * 1_024
    /// How long a feed goes on while its credential cannot be checked because the database does not answer.
    static let outageGrace = Duration.seconds(30)

    /// Whether `error` says the database does not answer now (a restart, a failover), not that something is wrong.
    static func isOutage(_ error: any Error) -> Bool {
        switch GalleyError.classify(error) {
        case .databaseUnavailable, .busy: true
        default: false
        }
    }

    /// Streams every event after `after` as `id: POSITION`, `event: TYPE`, `data: EXPORT LINE`, then live from
    /// the server's one tail of the log, with a comment line while the log is quiet so idle proxies keep the
    /// connection. Only events of streams the viewer may read are sent (`StreamAccess`). A client that falls
    /// behind gets a last `event: fell-behind` naming where to resume, and is let go; one whose credential stops
    /// opening anything (checked at each heartbeat and whenever a user's stream changes) gets `event:
    /// credential-ended` and is let go. Past the cap on streams the answer is 503, past one person's share 429,
    /// both with `Retry-After`. Unnamed, the events carry no `event:` line, so that a browser's `EventSource`
    /// hears every one as a message.
    func stream(after: Int64, viewer: FeedViewer, channel: any Channel, named: Bool = true) throws -> Response {
        let name = viewer.user.name
        switch feed.reserve(for: name) {
        case .granted: break
        case .full:
            throw Problem(
                .serviceUnavailable, "too-many-streams", "Too many live feeds",
                detail: "the server follows as many live feeds as it may (\(feed.limits.maxClients)); try again later"
            ).retrying(after: 5)
        case .fullForUser:
            throw Problem(
                .tooManyRequests, "too-many-streams-for-user", "Too many live feeds for one person",
                detail: "\(TextRule.echo(name)) has as many live feeds open as one person may "
                    + "(\(feed.limits.maxClientsPerUser)); close one, or try again later"
            ).retrying(after: 10)
        }
        let place = FeedPlace(feed: feed, user: name)
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        let (store, feed) = (store, feed)
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                // The body holds the place until it ends; see `FeedPlace`.
                defer { withExtendedLifetime(place) {} }
                var position = after
                var user = viewer.user
                var checked = ContinuousClock.now
                /// When the credential was last found to hold.
                var confirmed = checked
                /// Whether the feed may go on: the credential is asked again when a user's stream changed or a
                /// heartbeat's time has passed since it last was.
                func mayGoOn(_ events: [RecordedEvent], heartbeat: Bool = false) async -> Bool {
                    let due = heartbeat || ContinuousClock.now - checked >= feed.limits.heartbeat
                    guard due || events.contains(where: { StreamAccess.isCredentialStream($0.streamID) }) else {
                        return true
                    }
                    checked = ContinuousClock.now
                    do {
                        guard let current = try await viewer.recheck() else { return false }
                        user = current
                        confirmed = checked
                        return true
                    } catch
                        where Self.isOutage(error) && checked - confirmed < Self.outageGrace
                        && !events.contains(where: { StreamAccess.isCredentialStream($0.streamID) })
                    {
                        // A credential ends only by a write, which a database that does not answer cannot take:
                        // a failover's seconds do not end every feed. A credential stream's own event is such a
                        // write, and ends the feed as before.
                        feed.logger.notice(
                            "a live feed's credential could not be checked during a database outage; the feed goes on",
                            metadata: ["user": "\(name)", "error": "\(error)"])
                        return true
                    } catch {
                        // Unable to tell whether the credential still holds, the feed ends rather than go on
                        // unchecked; the client reconnects and is asked for it again.
                        feed.logger.notice(
                            "a live feed's credential could not be checked; the feed ends",
                            metadata: ["user": "\(name)", "error": "\(error)"])
                        return false
                    }
                }
                // Each write waits until the client has taken the one before it (the channel's backpressure).
                func send(_ events: [RecordedEvent]) async throws {
                    guard let last = events.last else { return }
                    var text = ""
                    for event in events where StreamAccess.mayRead(event.streamID, user) {
                        text +=
                            "id: \(event.position)\n" + (named ? "event: \(event.type)\n" : "")
                            + "data: \(event.exportLine())\n\n"
                        if text.utf8.count >= Self.writeSize {
                            try await writer.write(ByteBuffer(string: text))
                            text = ""
                        }
                    }
                    if !text.isEmpty { try await writer.write(ByteBuffer(string: text)) }
                    position = last.position
                }
                func end() async throws {
                    let data = "{\"reason\":\"the credential that opened this feed no longer holds\"}"
                    try await writer.write(ByteBuffer(string: "event: credential-ended\ndata: \(data)\n\n"))
                    try await writer.finish(nil)
                }
                // Catching up, a batch at a time: from the window when it reaches back far enough, else from the
                // pool (a connection held only for each page).
                var joined = feed.join(after: position, maxBacklog: Self.catchUpBatch)
                while joined == nil {
                    // Stopped, the feed takes no one: a client still catching up would otherwise wait for good,
                    // and hold the server's shutdown with it.
                    if feed.isStopped { return try await writer.finish(nil) }
                    let page: [RecordedEvent]
                    if let recent = feed.recent(after: position, limit: Self.catchUpBatch) {
                        page = recent
                    } else {
                        page = try await store.readAll(after: position, limit: Self.catchUpBatch)
                    }
                    if page.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
                    guard await mayGoOn(page) else { return try await end() }
                    try await send(page)
                    joined = feed.join(after: position, maxBacklog: Self.catchUpBatch)
                }
                guard let (backlog, deliveries, id) = joined else { return }
                // A client that hangs up is let go at once, not at the next write that fails.
                channel.whenClientHangsUp { feed.leave(id) }
                do {
                    guard await mayGoOn(backlog) else {
                        feed.leave(id)
                        return try await end()
                    }
                    try await send(backlog)
                    for await delivery in deliveries {
                        switch delivery {
                        case .events(let events):
                            let fresh = events.filter { $0.position > position }
                            guard await mayGoOn(fresh) else {
                                feed.leave(id)
                                return try await end()
                            }
                            try await send(fresh)
                        case .heartbeat:
                            guard await mayGoOn([], heartbeat: true) else {
                                feed.leave(id)
                                return try await end()
                            }
                            try await writer.write(ByteBuffer(string: ": still here\n\n"))
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
