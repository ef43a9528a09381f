import Coding
public import Editorial
public import EventStore
public import Foundation

/// Handles a command for one story: read its stream, fold it, decide, append with the version it read.
///
/// When another writer appended in between, it reads again and decides again (a bounded number of times),
/// unless the caller named the version it expects, in which case the conflict goes back to the caller.
/// A retried command (same command id) answers as the first time and appends nothing.
public struct ArticleHandler: Sendable {
    /// The log the stories live in: `EventStore`, or `InMemoryEventLog` in tests that need no database.
    public let log: any StreamLog
    /// How many times a command is decided again after losing a race.
    public var maxAttempts: Int
    /// The latest state of recently commanded stories, shared by copies of this handler.
    let states = FoldCache<Article>(capacity: 2_000)
    /// Hears what became of every command this handler handled: the one place commands are counted.
    let observe: @Sendable (CommandOutcome) -> Void

    /// Creates a handler over a log; `observe` hears each command's outcome.
    public init(
        log: any StreamLog, maxAttempts: Int = 20, observe: @escaping @Sendable (CommandOutcome) -> Void = { _ in }
    ) {
        self.log = log
        self.maxAttempts = maxAttempts
        self.observe = observe
    }

    /// The stream that holds a story's events.
    public static func stream(of articleID: String) -> String { streamPrefix + articleID }

    /// The story a stream holds, or nil for a stream that is not a story's.
    public static func articleID(ofStream stream: String) -> String? {
        stream.hasPrefix(streamPrefix) ? String(stream.dropFirst(streamPrefix.count)) : nil
    }

    /// What every story's stream id starts with.
    static let streamPrefix = "article-"

    /// Decides and appends `command` for the story `articleID` on behalf of `context.actor`.
    @discardableResult
    public func handle(
        _ command: ArticleCommand, article articleID: String, context: CommandContext, expectedVersion: Int64? = nil,
        commandID: UUID = UUID(), correlationID: UUID? = nil, requestDigest: String? = nil
    ) async throws -> HandledCommand {
        try await handle(
            [command], article: articleID, context: context, expectedVersion: expectedVersion, commandID: commandID,
            correlationID: correlationID, requestDigest: requestDigest)
    }

    /// Decides `commands` in order, each against the story as the previous ones leave it, and appends all of
    /// their events in one append, or none of them: an import files its draft and its claims this way.
    ///
    /// A story this handler commanded recently is decided on its cached state without reading the log; the
    /// cache is read up to date first whenever that state may be why the command fails (a lost race, a refusal,
    /// a version other than the caller's), so no caller ever hears an answer based on a stale state.
    @discardableResult
    public func handle(
        _ commands: [ArticleCommand], article articleID: String, context: CommandContext,
        expectedVersion: Int64? = nil, commandID: UUID = UUID(), correlationID: UUID? = nil,
        requestDigest: String? = nil
    ) async throws -> HandledCommand {
        do {
            let handled = try await decideAndAppend(
                commands, article: articleID, context: context, expectedVersion: expectedVersion,
                commandID: commandID, correlationID: correlationID, requestDigest: requestDigest)
            observe(handled.isReplay ? .replayed : .appended)
            return handled
        } catch GalleyError.conflict(let message) {
            observe(.conflict)
            throw GalleyError.conflict(message)
        }
    }

    private func decideAndAppend(
        _ commands: [ArticleCommand], article articleID: String, context: CommandContext,
        expectedVersion: Int64?, commandID: UUID, correlationID: UUID?, requestDigest: String?
    ) async throws -> HandledCommand {
        let stream = Self.stream(of: articleID)
        var article = states.value(for: stream) ?? Article()
        var isCurrent = false
        /// Reads the log on from `article`; a retried command's earlier answer instead, when there is one.
        func readOn() async throws -> HandledCommand? {
            let events = try await log.readStream(stream, after: article.version, orAppendedBy: commandID)
            if let earlier = try Self.earlierResult(of: commandID, in: events, articleID: articleID) { return earlier }
            for event in events {
                article.apply(try ArticleEvent.decode(event), actor: try event.actor())
            }
            isCurrent = true
            if article.version > 0 { states.keep([(stream, article)]) }
            return nil
        }

        if article.version == 0, let earlier = try await readOn() { return earlier }
        for attempt in 1...maxAttempts {
            if let expectedVersion, expectedVersion != article.version {
                guard isCurrent else {
                    if let earlier = try await readOn() { return earlier }
                    continue
                }
                throw GalleyError.conflict(
                    "story \(articleID) is at version \(article.version), not \(expectedVersion): read it again")
            }
            var events: [ArticleEvent] = []
            do {
                var state = article
                for command in commands {
                    let decided = try state.decide(command, context: context)
                    for event in decided { state.apply(event, actor: context.actor) }
                    events += decided
                }
            } catch {
                guard isCurrent else {
                    if let earlier = try await readOn() { return earlier }
                    continue
                }
                throw GalleyError(error)
            }
            let newEvents = try events.map { event in
                NewEvent(
                    type: event.typeName,
                    data: try JSONValue(parsing: String(decoding: try event.encodedData(), as: UTF8.self)),
                    schemaVersion: event.schemaVersion)
            }
            let metadata = EventMetadata(
                actor: context.actor, commandID: commandID, correlationID: correlationID, requestDigest: requestDigest)
            do {
                let result = try await log.append(
                    to: stream, expected: article.version == 0 ? .noStream : .exact(article.version), events: newEvents,
                    metadata: metadata)
                // A retry the log recognized: answer from what the first request appended, with its digest.
                if result.isReplay, let earlier = try await readOn() { return earlier }
                if !result.isReplay {
                    // Cached as a fold of the log would have it: from the stored form of the events.
                    var next = article
                    for event in newEvents {
                        let stored = try ArticleEvent.decode(
                            typeName: event.type, from: StoredEventData(value: event.data))
                        next.apply(stored, actor: context.actor)
                    }
                    states.keep([(stream, next)])
                }
                return HandledCommand(
                    articleID: articleID, version: result.streamVersion, events: events, positions: result.positions,
                    isReplay: result.isReplay)
            } catch EventStoreError.wrongExpectedVersion(_, _, let actual) {
                if expectedVersion != nil || attempt == maxAttempts {
                    throw GalleyError.conflict(
                        "story \(articleID) moved on to version \(actual) meanwhile: read it again")
                }
                if isCurrent {
                    // A short random pause spreads out writers that keep colliding on one story.
                    try await Task.sleep(for: .microseconds(Int.random(in: 0...(500 * attempt))))
                }
                if let earlier = try await readOn() { return earlier }
            } catch let error as EventStoreError {
                // A retried command that decided differently this time: its first answer stands.
                if case .commandIDReused = error, let earlier = try await readOn() { return earlier }
                // The store's errors are sorted into Galley's kinds in one place (a held stream is `.held`).
                throw GalleyError.classify(error) ?? .invalidInput(error.description)
            }
        }
        throw GalleyError.conflict("story \(articleID) kept changing; try again")
    }

    /// The answer to a retried command: the events it appended the first time.
    private static func earlierResult(of commandID: UUID, in history: [RecordedEvent], articleID: String) throws
        -> HandledCommand?
    {
        let mine = history.filter { $0.commandID == commandID }
        guard let last = mine.last else { return nil }
        return HandledCommand(
            articleID: articleID, version: last.version,
            events: try mine.map(ArticleEvent.decode),
            positions: mine.map(\.position), isReplay: true, requestDigest: try last.metadata().requestDigest)
    }
}

/// What handling a command did.
public struct HandledCommand: Sendable, Hashable {
    /// The story.
    public var articleID: String
    /// The story's version afterwards.
    public var version: Int64
    /// The events the command appended (or had appended, for a retry).
    public var events: [ArticleEvent]
    /// Their positions in the global log.
    public var positions: [Int64]
    /// A replay: the command id had been appended before, so this answers as then and appended nothing.
    public var isReplay: Bool
    /// For a retry, the digest of the request that first appended the events, if it had one.
    public var requestDigest: String? = nil
}

/// What became of a command, as whoever counts them hears it.
public enum CommandOutcome: Sendable, Hashable {
    /// Its events were appended.
    case appended
    /// It had been carried out before (the same command id): nothing was appended.
    case replayed
    /// The story had moved on from the version the caller named, or from every version tried.
    case conflict
}
