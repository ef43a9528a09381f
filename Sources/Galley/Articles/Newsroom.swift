import Coding
public import Editorial
public import EventStore
public import Foundation
public import Postgres

/// The newsroom as the CLI and the HTTP service use it: who acts, what they ask of which story, and what the
/// stories are. Every rule is in `Editorial`; this adds what needs the database (users, slugs, the log).
public struct Newsroom: Sendable {
    /// The log.
    public let store: EventStore
    /// The people who may act.
    public let users: UserDirectory
    let handler: ArticleHandler
    let slugs: SlugRegistry
    let names: StoryNames

    /// A slug claim older than this whose story never reached the log is treated as abandoned.
    static let abandonedClaimAge: TimeInterval = 60

    /// Creates a newsroom over a pool; an append waits at most `lockTimeout` for a story another transaction
    /// holds, then fails with `GalleyError.held`; `observe` hears what became of each command.
    public init(
        pool: ConnectionPool, lockTimeout: Duration = EventStore.defaultLockTimeout,
        observe: @escaping @Sendable (CommandOutcome) -> Void = { _ in }
    ) {
        let store = EventStore(pool: pool, lockTimeout: lockTimeout)
        self.store = store
        self.users = UserDirectory(pool: pool)
        self.handler = ArticleHandler(log: store, observe: observe)
        self.slugs = SlugRegistry(pool: pool)
        self.names = StoryNames(store: store)
    }

    /// Files `request` as `user`, filling in what it leaves out (see `DraftRequest`); a slug it leaves out is
    /// made from the headline and numbered when taken.
    public func draft(
        _ request: DraftRequest, by user: User, id: String? = nil, commandID: UUID = UUID(),
        requestDigest: String? = nil
    ) async throws -> HandledCommand {
        try await draft(
            request.content(for: user), by: user, id: id, findFreeSlug: request.slug == nil, commandID: commandID,
            requestDigest: requestDigest)
    }

    /// Files a new story as `user`, with the claims to check and notes for the desk (as comments) if any, all in
    /// one append.
    ///
    /// The slug must be free among stories that are not spiked, and neither another story's id nor its start; a
    /// chosen id must name no other story (see `StoryNames`). With `findFreeSlug`, a taken slug gets a number
    /// (`-2`, `-3`, ...) instead of being refused: for slugs Galley derived itself, as in an import.
    public func draft(
        _ content: ArticleContent, claims: [Claim] = [], notes: [String] = [], by user: User, id: String? = nil,
        findFreeSlug: Bool = false, commandID: UUID = UUID(), requestDigest: String? = nil
    ) async throws -> HandledCommand {
        let chosen = id
        let id = id ?? ArticleID.make()
        try ArticleID.validate(id)
        if let problem = content.problem { throw GalleyError.invalidInput(problem) }
        // Claims go on the checklist when the drafter may put them there, else they wait as proposals.
        let addsClaims = claims.isEmpty || Permissions.allows(user.roles, .addClaim)
        func commands(_ content: ArticleContent) -> [ArticleCommand] {
            (addsClaims
                ? [.draft(content)] + claims.map(ArticleCommand.addClaim) : [.draft(content, proposing: claims)])
                + notes.map(ArticleCommand.comment)
        }
        // A story that exists already claims no slug: the handler answers a retry as the first time, or refuses.
        // Only an id the caller chose (an Idempotency-Key's, a script's) can exist; a fresh one cannot.
        if chosen != nil, try await store.version(of: ArticleHandler.stream(of: id)) > 0 {
            return try await handler.handle(
                commands(content), article: id, context: context(for: user), commandID: commandID,
                requestDigest: requestDigest)
        }
        if chosen != nil { try await names.checkChosen(id) }
        var content = content
        let candidates = findFreeSlug ? Self.numbered(content.slug, id: id) : [content.slug]
        var claimed: (slug: String, fresh: Bool)?
        for slug in candidates {
            if let problem = try await names.slugProblem(slug, of: id) {
                guard findFreeSlug else { throw GalleyError.ruleViolation(problem + "; choose another slug") }
                continue
            }
            if let fresh = try await claimSlug(slug, for: id) {
                claimed = (slug, fresh)
                break
            }
        }
        guard let claimed else {
            throw GalleyError.ruleViolation(
                "the slug \(content.slug) is taken by a story that is not spiked; choose another slug")
        }
        content.slug = claimed.slug
        do {
            return try await handler.handle(
                commands(content), article: id, context: context(for: user), commandID: commandID,
                requestDigest: requestDigest)
        } catch {
            if claimed.fresh { try? await slugs.release(claimed.slug, by: id) }
            throw error
        }
    }

    /// Decides and appends one command for an existing story as `user`. With `expectedVersion`, a story that
    /// has moved on is a conflict instead of being decided again.
    @discardableResult
    public func perform(
        _ command: ArticleCommand, on id: String, by user: User, expectedVersion: Int64? = nil,
        commandID: UUID = UUID(), requestDigest: String? = nil
    ) async throws -> HandledCommand {
        try ArticleID.validate(id)
        var reclaimed: String?
        switch command {
        case .draft:
            throw GalleyError.invalidInput("a new story is filed with draft, not sent to an existing one")
        case .assign(let assignee):
            guard let person = try await users.find(assignee), !person.disabled else {
                throw GalleyError.notFound(
                    "there is no active user named \(TextRule.echo(assignee)) to assign the story to")
            }
        case .unspike:
            reclaimed = try await reclaimSlug(of: id, for: command, by: user)
        case .edit, .submit, .sendBack, .recall, .sendToFactCheck, .addClaim, .recordVerdict, .confirmVerdict,
            .withdrawClaim, .approve, .approveWithNoClaims, .reject, .pullBack, .publish, .correct, .retract,
            .takedown, .spike, .comment:
            // Nothing outside the story to check: `decide` holds every rule. (Listed, not `default`, so that a new
            // command is looked at here: spiking frees the slug below, unspiking claims it again above.)
            break
        }
        let handled: HandledCommand
        do {
            handled = try await handler.handle(
                command, article: id, context: context(for: user), expectedVersion: expectedVersion,
                commandID: commandID, requestDigest: requestDigest)
        } catch {
            if let reclaimed { try? await slugs.release(reclaimed, by: id) }
            throw error
        }
        if let reclaimed, handled.isReplay { try await slugs.release(reclaimed, by: id) }
        if case .spike = command, let slug = try await story(id).article.content?.slug {
            try await slugs.release(slug, by: id)
        }
        return handled
    }

    /// Claims a spiked story's slug again before it is unspiked: the slug it was freed of when spiked, which a
    /// story keeps for life. Returns the slug when this claimed it afresh (to free again if the unspike fails).
    /// A story that is not spiked claims nothing: `decide` refuses it, or it is a retry of a done unspike.
    private func reclaimSlug(of id: String, for command: ArticleCommand, by user: User) async throws -> String? {
        let story = try await story(id)
        guard story.article.stage == .spiked, let slug = story.article.content?.slug else { return nil }
        // The story's own refusal (a reporter's, say) comes before any word about its slug.
        do {
            _ = try story.article.decide(command, context: context(for: user))
        } catch {
            throw GalleyError(error)
        }
        if let problem = try await names.slugProblem(slug, of: id) {
            throw GalleyError.ruleViolation(
                "\(problem); a story keeps its slug, so this one cannot come back: file it again as a new draft")
        }
        guard let fresh = try await claimSlug(slug, for: id) else {
            let holder = try await slugs.holder(of: slug).map { "story \($0)" } ?? "another story"
            throw GalleyError.ruleViolation(
                "the slug \(slug) now belongs to \(holder), which is not spiked, and a story keeps its slug for life: "
                    + "spike that story first, or file this one again as a new draft under another slug")
        }
        return fresh ? slug : nil
    }

    /// One story, folded from the log; `through` or `at` stop the replay at a version or a moment.
    /// A version the story never had, or a moment before it existed, is not found, and says so.
    public func story(_ id: String, through version: Int64? = nil, at moment: Date? = nil) async throws -> Story {
        try ArticleID.validate(id)
        if version != nil, moment != nil {
            throw GalleyError.invalidInput("give a version or a moment to replay to, not both")
        }
        let stream = ArticleHandler.stream(of: id)
        let events = try await store.readStream(stream, through: version, recordedUpTo: moment)
        if let version, (events.last?.version ?? 0) < version {
            let latest = events.isEmpty ? try await store.readStream(stream).last?.version : events.last?.version
            guard let latest else { throw GalleyError.notFound("there is no story \(id)") }
            throw GalleyError.notFound(
                "story \(id) has no version \(version); it has versions 1 to \(latest)")
        }
        guard !events.isEmpty else {
            guard let moment, let first = try await store.readStream(stream, through: 1).first else {
                throw GalleyError.notFound("there is no story \(id)")
            }
            throw GalleyError.notFound(
                "story \(id) did not exist yet at \(Timestamp.rfc3339(moment)); its first event was recorded at "
                    + Timestamp.rfc3339(microseconds: first.recordedAtMicroseconds))
        }
        return try Story(id: id, events: events)
    }

    /// The story a person means by `reference` (see `resolve`), folded from the log: an id costs one read, as
    /// `story(_:)` does; a slug or a start of an id is resolved first.
    public func story(named reference: String) async throws -> Story {
        do {
            return try await story(reference)
        } catch GalleyError.notFound {
            return try await story(try await resolve(reference))
        }
    }

    /// The story a person means by `reference`, looked up in this order: a story whose id it is (from the log),
    /// else the story holding it as its slug, else the one story whose id it starts (from the read model).
    ///
    /// Drafting keeps the order unambiguous (`StoryNames`): a chosen id is never another story's slug, a start of
    /// another's id or an extension of one, nor a reserved word; a slug is never another story's id or its start.
    public func resolve(_ reference: String) async throws -> String {
        try ArticleID.validate(reference)
        if try await store.version(of: ArticleHandler.stream(of: reference)) > 0 { return reference }
        if let id: String = try await store.pool.query(
            "SELECT article_id FROM article_slugs WHERE slug = $1", [reference]
        ).first?.decode("article_id") {
            return id
        }
        // The reference is letters, digits and hyphens (validated above), so it carries no LIKE wildcard. A start
        // of an id is looked up in the read model (articles_id_prefix_idx): people name stories they have seen.
        let ids: [String] = try await store.pool.query(
            "SELECT id FROM articles WHERE id LIKE $1 ORDER BY id LIMIT 3", [reference + "%"]
        ).map { try $0.decode("id") }
        guard let id = ids.first else {
            throw GalleyError.notFound("there is no story \(reference): no id, start of an id or slug is that")
        }
        guard ids.count == 1 else {
            throw GalleyError.invalidInput(
                "\(reference) starts the ids of several stories (\(ids.joined(separator: ", "))...): give more of it")
        }
        return id
    }

    /// The context `decide` gets: the user, their roles, and now.
    public func context(for user: User) -> CommandContext {
        CommandContext(actor: user.name, roles: user.roles, now: Date())
    }

    /// Claims `slug` for `id`: true when newly claimed, false when the story already held it, nil when another
    /// story that deserves it holds it. A holder that is spiked, or that never reached the log, gives it up.
    private func claimSlug(_ slug: String, for id: String) async throws -> Bool? {
        switch try await slugs.claim(slug, for: id) {
        case .claimed:
            return true
        case .alreadyHeld:
            return false
        case .heldBy(let holder, let since):
            let events = try await store.readStream(ArticleHandler.stream(of: holder))
            let abandoned = events.isEmpty && Date().timeIntervalSince(since) > Self.abandonedClaimAge
            let spiked = try !events.isEmpty && Story(id: holder, events: events).article.stage == .spiked
            guard abandoned || spiked else { return nil }
            return try await slugs.takeOver(slug, from: holder, to: id) ? true : nil
        }
    }

    /// `slug`, then `slug-2` ... `slug-20`.
    /// The slug, then numbered, then with the story's own id: a headline that gives no Latin words (every one
    /// becomes `story`) must not run out of slugs after twenty stories.
    private static func numbered(_ slug: String, id: String) -> [String] {
        [slug] + (2...20).map { "\(slug.prefix(110))-\($0)" } + ["\(slug.prefix(55))-\(id)"]
    }
}
