import Editorial
import EventStore
import Foundation

/// Handles a command for one story: read its stream, fold it, decide, append with the version it read.
///
/// When another writer appended in between, it reads again and decides again (a bounded number of times),
/// unless the caller named the version it expects, in which case the conflict goes back to the caller.
/// A retried command (same command id) answers as the first time and appends nothing.
public struct ArticleHandler: Sendable {
    /// The log the stories live in.
    public let store: EventStore
    /// How many times a command is decided again after losing a race.
    public var maxAttempts: Int

    /// Creates a handler over a store.
    public init(store: EventStore, maxAttempts: Int = 20) {
        self.store = store
        self.maxAttempts = maxAttempts
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
        commandID: UUID = UUID(), correlationID: UUID? = nil
    ) async throws -> HandledCommand {
        try await handle(
            [command], article: articleID, context: context, expectedVersion: expectedVersion, commandID: commandID,
            correlationID: correlationID)
    }

    /// Decides `commands` in order, each against the story as the previous ones leave it, and appends all of
    /// their events in one append, or none of them: an import files its draft and its claims this way.
    @discardableResult
    public func handle(
        _ commands: [ArticleCommand], article articleID: String, context: CommandContext,
        expectedVersion: Int64? = nil, commandID: UUID = UUID(), correlationID: UUID? = nil
    ) async throws -> HandledCommand {
        let stream = Self.stream(of: articleID)
        for attempt in 1...maxAttempts {
            let history = try await store.readStream(stream)
            if let earlier = try Self.earlierResult(of: commandID, in: history, articleID: articleID) {
                return earlier
            }
            let article = try Story(id: articleID, events: history).article
            if let expectedVersion, expectedVersion != article.version {
                throw GalleyError.conflict(
                    "story \(articleID) is at version \(article.version), not \(expectedVersion): read it again")
            }
            var events: [ArticleEvent] = []
            do {
                var state = article
                for command in commands {
                    let decided = try state.decide(command, context: context)
                    state = decided.reduce(state) { $0.evolve($1, actor: context.actor) }
                    events += decided
                }
            } catch {
                throw GalleyError(error)
            }
            let newEvents = try events.map { event in
                NewEvent(
                    type: event.typeName,
                    data: try JSONValue(parsing: String(decoding: try event.encodedData(), as: UTF8.self)),
                    schemaVersion: event.schemaVersion)
            }
            let metadata = EventMetadata(actor: context.actor, commandID: commandID, correlationID: correlationID)
            do {
                let result = try await store.append(
                    to: stream, expected: article.version == 0 ? .noStream : .exact(article.version), events: newEvents,
                    metadata: metadata)
                return HandledCommand(
                    articleID: articleID, version: result.streamVersion, events: events, positions: result.positions,
                    wasAlreadyApplied: result.wasAlreadyAppended)
            } catch let error as EventStoreError {
                guard case .wrongExpectedVersion(_, _, let actual) = error else {
                    throw GalleyError.invalidInput(error.description)
                }
                if expectedVersion != nil || attempt == maxAttempts {
                    throw GalleyError.conflict(
                        "story \(articleID) moved on to version \(actual) meanwhile: read it again")
                }
                // A short random pause spreads out writers that keep colliding on one story.
                try await Task.sleep(for: .microseconds(Int.random(in: 0...(500 * attempt))))
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
            events: try mine.map { try ArticleEvent.decode(typeName: $0.type, data: Data($0.data.utf8)) },
            positions: mine.map(\.position), wasAlreadyApplied: true)
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
    /// True when this was a retry and nothing new was appended.
    public var wasAlreadyApplied: Bool
}
