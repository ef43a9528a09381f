public import Editorial
public import EventStore
public import Foundation

/// A story as the log has it: its id, its state folded from its events, and when things happened to it.
/// This is the one fold of stored events: commands, read models, replays and audits all use it.
public struct Story: Sendable {
    /// The story's id, as in `galley show ID`.
    public var id: String
    /// Its state.
    public var article = Article()
    /// Its events, in version order (empty when folded without keeping them, as a rebuild does).
    public var events: [RecordedEvent] = []
    /// When its first event was recorded.
    public var createdAt: Date?
    /// When its latest event was recorded.
    public var updatedAt: Date?
    /// When it entered its current stage.
    public var stageSince: Date?
    /// What its events asked of people, in log order: the items of their inboxes (see `Notice`).
    public var notices: [Noticed] = []

    /// A notice with the event that gave it.
    public struct Noticed: Sendable, Hashable {
        /// Who hears of what.
        public var notice: Notice
        /// The event's place in the log: an item's lasting identity, which a person's read mark is measured in.
        public var position: Int64
        /// Who appended the event.
        public var actor: String
        /// When.
        public var at: Date
    }

    /// A story with no events yet.
    public init(id: String) { self.id = id }

    /// Folds `events` (one story's, in version order) into a story, keeping them.
    public init(id: String, events: [RecordedEvent]) throws {
        self.id = id
        for event in events { try apply(event, keepingEvent: true) }
    }

    /// Folds one more event into the story.
    public mutating func apply(_ recorded: RecordedEvent, keepingEvent: Bool) throws {
        let event = try ArticleEvent.decode(recorded)
        let actor = try recorded.actor()
        // Read against the story before the event: a comment tells whoever wrote the story until then.
        notices += article.notices(of: event, by: actor).map {
            Noticed(notice: $0, position: recorded.position, actor: actor, at: recorded.recordedAt)
        }
        apply(event, actor: actor, recordedAt: recorded.recordedAt)
        if keepingEvent { events.append(recorded) }
    }

    /// Folds one more event, already decoded, into the story, as recorded by `actor` at `recordedAt`.
    public mutating func apply(_ event: ArticleEvent, actor: String, recordedAt: Date) {
        let stage = article.stage
        article.apply(event, actor: actor)
        switch event {
        case .sentBack, .factCheckRejected: article.openNote?.at = recordedAt
        default: break
        }
        if article.stage != stage { stageSince = recordedAt }
        if createdAt == nil { createdAt = recordedAt }
        updatedAt = recordedAt
    }
}

extension Story {
    /// One line for each of its events, for people: each worded with the story as it stood before it, and
    /// times by `time`. A kept event that cannot be read shows its type (the fold that made the story read it).
    public func historyLines(time: (Date) -> String) -> [String] {
        var before = Story(id: id)
        return events.map { recorded in
            guard let event = try? ArticleEvent.decode(recorded), let actor = try? recorded.actor() else {
                return recorded.type
            }
            defer { before.apply(event, actor: actor, recordedAt: recorded.recordedAt) }
            return event.summary(before: before.article, recordedAt: recorded.recordedAt, time: time)
        }
    }
}
