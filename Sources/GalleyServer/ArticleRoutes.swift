import Coding
import Crypto
import Editorial
import EventStore
import Foundation
import Galley
import HTTPTypes
import Hummingbird
import Postgres

/// The article routes: every command and query of the CLI, over JSON. No rule lives here: each route reads its
/// input, hands a command to `Newsroom`, and writes what came back.
struct ArticleRoutes {
    let newsroom: Newsroom
    let readModels: ReadModels
    let projections: ProjectionRunner
    /// How many searches each person may run at once.
    let searchGate: SearchGate
    /// Every command takes a token of its sender's.
    let commandRate: CommandRateLimit
    /// How long published, spiked and retracted stories stay on the board.
    var recentWindow = BoardColumnKind.defaultWindow
    /// How long a read waits for the read models to catch up before it answers with what they hold.
    var readWait: Duration = .seconds(2)

    static let readLag = HTTPField.Name("Galley-Read-Lag")!

    /// Waits (in memory, in a server that runs the projections) for the read models to hold every command this
    /// server has seen, and returns the ones to read (a standby's, when it holds them too); the answer then says
    /// how far behind they still were, when they were.
    func currentReadModels() async throws -> (readModels: ReadModels, lag: Int64) {
        try await projections.current(readModels, timeout: readWait)
    }

    /// `response` with `Galley-Read-Lag` when the read models were behind.
    static func marking(_ response: Response, lag: Int64) -> Response {
        var response = response
        if lag > 0 { response.headers[readLag] = "\(lag)" }
        return response
    }

    func register(on router: RouterGroup<GalleyRequestContext>) {
        router.post("articles") { request, context in try await draft(request, context) }
        router.get("articles") { request, context in try await list(request, context) }
        router.get("search") { request, context in try await search(request, context) }
        router.get("articles/:id") { request, context in try await show(request, context) }
        router.get("articles/:id/history") { request, context in try await history(request, context) }
        router.get("articles/:id/diff") { request, context in try await diff(request, context) }
        router.get("board") { request, context in try await board(request, context) }
        for action in Action.allCases {
            if let route = CommandRoute.of(action) { command(router, route) }
        }
    }

    /// Registers `route`: a POST that turns its body into one command on the story in the path.
    private func command(_ router: RouterGroup<GalleyRequestContext>, _ route: CommandRoute) {
        router.post("articles/:id/\(route.path)") { request, context in
            let id = try context.parameters.require("id")
            // A malformed id is bad input whatever else the request holds, not a story that is missing.
            try ArticleID.validate(id)
            let body = try await JSONBody.read(request, context: context, allowed: route.fields)
            let command = try route.make(body, context.parameters)
            let expected = try await expectedVersion(request, story: id)
            let user = try Self.user(context)
            try commandRate.admit(user.name)
            do {
                let handled = try await Self.idempotent(request, user: user, body: body, pool: readModels.pool) {
                    try await newsroom.perform(
                        command, on: id, by: user, expectedVersion: expected, commandID: $0, requestDigest: $1)
                }
                projections.progress.saw(handled.positions.max() ?? 0)
                return JSONValueWriter.response(handled)
            } catch GalleyError.conflict(let message) where expected != nil {
                throw Problem(.preconditionFailed, "precondition-failed", "The story has moved on", detail: message)
            }
        }
    }

    private func draft(_ request: Request, _ context: GalleyRequestContext) async throws -> Response {
        let body = try await JSONBody.read(
            request, context: context,
            allowed: ["id", "headline", "kicker", "bylines", "body", "slug", "desk", "language", "photo_caption"])
        let user = try Self.user(context)
        try commandRate.admit(user.name)
        let key = try IdempotencyKey(request, user: user.name, body: .object(body.fields))
        let draft = DraftRequest(
            headline: try body.requiredString("headline"), kicker: try body.string("kicker"),
            bylines: try body.strings("bylines") ?? [], body: try body.strings("body") ?? [],
            slug: try body.string("slug"), desk: try body.string("desk"), language: try body.string("language"),
            photoCaption: try body.string("photo_caption"))
        // A retried draft (same Idempotency-Key) must land on the same story: its id comes from the key.
        let id = try body.string("id") ?? key.map { DraftRequest.id(for: $0.commandID) }
        let handled = try await Self.idempotent(key, pool: readModels.pool) {
            try await newsroom.draft(draft, by: user, id: id, commandID: $0, requestDigest: $1)
        }
        projections.progress.saw(handled.positions.max() ?? 0)
        var response = JSONValueWriter.response(handled, status: .created)
        response.headers[.location] = "/v1/articles/\(handled.articleID)"
        return response
    }

    private func list(_ request: Request, _ context: GalleyRequestContext) async throws -> Response {
        let query = ListQuery(request)
        let (filter, limit) = (try query.filter(for: try Self.user(context)), try query.limit())
        let (readModels, lag) = try await currentReadModels()
        let page = try await readModels.stories(filter, limit: limit, after: query.cursor)
        return Self.marking(
            ListQuery.response(page.items.map(\.jsonValue), next: page.next, request: request), lag: lag)
    }

    private func search(_ request: Request, _ context: GalleyRequestContext) async throws -> Response {
        let query = ListQuery(request)
        let limit = try query.limit()
        let (readModels, lag) = try await currentReadModels()
        if let prefix = query.parameters["prefix"] {
            let found = try await readModels.lookUp(prefix, limit: min(limit, 20))
            return ListQuery.response(found.map(\.jsonValue), next: nil, request: request)
        }
        guard let words = query.parameters["q"] else {
            throw GalleyError.invalidInput("give what to search for as ?q=WORDS, or the start of a slug as ?prefix=")
        }
        let user = try Self.user(context)
        let page = try await searchGate.run(for: user.name) {
            try await readModels.search(
                words, language: query.parameters["language"] ?? "en", filter: try query.filter(for: user),
                limit: limit, after: query.cursor)
        }
        return Self.marking(
            ListQuery.response(page.items.map(\.jsonValue), next: page.next, request: request), lag: lag)
    }

    private func show(_ request: Request, _ context: GalleyRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let query = request.uri.queryParameters
        var version: Int64?
        if let text = query["version"] {
            guard let value = Int64(String(text)), value >= 1 else {
                throw GalleyError.invalidInput("version is 1 or more")
            }
            version = value
        }
        var moment: Date?
        if let text = query["at"] {
            guard let date = EditorialCoding.date(from: String(text)) else {
                throw GalleyError.invalidInput("at must be an RFC 3339 time")
            }
            moment = date
        }
        let view: StoryView
        if version != nil || moment != nil {
            view = StoryView(try await newsroom.story(id, through: version, at: moment))
            return JSONValueWriter.response(view.json(), version: view.version)
        }
        let (readModels, lag) = try await currentReadModels()
        view = try await readModels.story(id)
        return Self.marking(JSONValueWriter.response(view.json(), version: view.version), lag: lag)
    }

    private func history(_ request: Request, _ context: GalleyRequestContext) async throws -> Response {
        let story = try await newsroom.story(try context.parameters.require("id"))
        let query = ListQuery(request)
        let limit = try PageCursor.limit(query.parameters["limit"].map(ListQuery.integer) ?? PageCursor.maxLimit)
        let after = try query.cursor.map(ListQuery.integer).map(Int64.init) ?? 0
        let page = story.events.filter { $0.version > after }.prefix(limit)
        let next = page.count == limit && page.last.map({ $0.version < story.article.version }) == true
        // Export lines are JSON already: parsed once here to sit in the page's items.
        var response = ListQuery.response(
            try page.map { try JSONValue(parsing: $0.exportLine()) },
            next: next ? page.last.map { "\($0.version)" } : nil,
            request: request)
        response.headers[.eTag] = "\"\(story.article.version)\""
        return response
    }

    private func diff(_ request: Request, _ context: GalleyRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        guard let from = query["from"].flatMap({ Int(String($0)) }), let to = query["to"].flatMap({ Int(String($0)) })
        else { throw GalleyError.invalidInput("give the revisions as ?from=N&to=M") }
        let id = try context.parameters.require("id")
        let diff = try RevisionDiff(try await newsroom.story(id), from: from, to: to)
        return JSONValueWriter.response(diff.jsonValue(id: id))
    }

    private func board(_ request: Request, _ context: GalleyRequestContext) async throws -> Response {
        let query = ListQuery(request)
        let filter = try query.filter(for: try Self.user(context))
        let limit = try PageCursor.limit(query.parameters["limit"].map(ListQuery.integer) ?? 20)
        var cursors: [String: String] = [:]
        if let column = query.parameters["column"], let cursor = query.cursor { cursors[column] = cursor }
        let (readModels, lag) = try await currentReadModels()
        let columns = try await readModels.board(
            recent: recentWindow, limit: limit, after: cursors, desk: filter.desk, assignee: filter.assignee,
            mine: filter.mine)
        return Self.marking(
            JSONValueWriter.response(
                .object([
                    "recent_hours": .int(Int64(recentWindow.components.seconds / 3_600)),
                    "columns": .array(columns.map(\.jsonValue)),
                ])), lag: lag)
    }

    static func user(_ context: GalleyRequestContext) throws -> User {
        guard let user = context.user else { throw Problem.unauthenticated("send a bearer token") }
        return user
    }

    /// `If-Match` (RFC 9110, 13.1.1): `*` (any version of an existing story), or one or more ETags such as
    /// `"4"`, `W/"4"`, `"4", "5"`: the versions the client accepts the story at.
    static func acceptedVersions(_ request: Request) throws -> [Int64]? {
        guard let text = request.headers[.ifMatch]?.trimmingCharacters(in: .whitespaces) else { return nil }
        if text == "*" { return nil }
        let versions = try text.split(separator: ",").map { part -> Int64 in
            var tag = part.trimmingCharacters(in: .whitespaces)
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            guard tag.count >= 3, tag.hasPrefix("\""), tag.hasSuffix("\""),
                let version = Int64(tag.dropFirst().dropLast()),
                version >= 1
            else { throw GalleyError.invalidInput("If-Match takes * or story ETags, such as \"4\" or \"4\", \"5\"") }
            return version
        }
        return versions
    }

    /// The version a command must find the story at: the one If-Match names, or, of several, the story's
    /// own when it is among them (412 otherwise); nil for none or `*`.
    func expectedVersion(_ request: Request, story id: String) async throws -> Int64? {
        guard let versions = try Self.acceptedVersions(request) else { return nil }
        if versions.count == 1 { return versions[0] }
        // Only the version is needed: one look-up, not a fold of the story.
        let current = try await newsroom.store.version(of: ArticleHandler.stream(of: id))
        guard versions.contains(current) else {
            throw Problem(
                .preconditionFailed, "precondition-failed", "The story has moved on",
                detail: "story \(id) is at version \(current), none of those If-Match names: read it again")
        }
        return current
    }

    /// Carries out a command under the request's Idempotency-Key, if it sent one (see `IdempotencyKey`).
    static func idempotent(
        _ request: Request, user: User, body: JSONBody, pool: ConnectionPool,
        _ perform: (UUID, String?) async throws -> HandledCommand
    ) async throws -> HandledCommand {
        try await idempotent(
            try IdempotencyKey(request, user: user.name, body: .object(body.fields)), pool: pool, perform)
    }

    static func idempotent(
        _ key: IdempotencyKey?, pool: ConnectionPool, _ perform: (UUID, String?) async throws -> HandledCommand
    ) async throws -> HandledCommand {
        guard let key else { return try await perform(UUID(), nil) }
        return try await key.perform(in: pool) { try await perform($0, $1) }
    }
}
