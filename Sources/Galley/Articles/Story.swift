import Editorial
import EventStore
import Foundation

/// A story as the log has it: its id, its state folded from its events, and the events themselves.
public struct Story: Sendable {
    /// The story's id, as in `galley show ID`.
    public var id: String
    /// Its state.
    public var article: Article
    /// Its events, in version order.
    public var events: [RecordedEvent]

    /// When it entered its current stage.
    public var stageSince: Date?

    /// Folds `events` (one story's, in version order) into a story.
    public init(id: String, events: [RecordedEvent]) throws {
        var article = Article()
        var stageSince: Date?
        for recorded in events {
            let event = try ArticleEvent.decode(typeName: recorded.type, data: Data(recorded.data.utf8))
            let next = article.evolve(event, actor: try recorded.metadata().actor)
            if next.stage != article.stage { stageSince = recorded.recordedAt }
            article = next
        }
        self.id = id
        self.article = article
        self.events = events
        self.stageSince = stageSince
    }

    /// When its first event was recorded.
    public var createdAt: Date? { events.first?.recordedAt }

    /// When its latest event was recorded.
    public var updatedAt: Date? { events.last?.recordedAt }
}

/// Article ids: short, typeable, and drawn at random so that no coordination is needed to make one.
public enum ArticleID {
    /// Lowercase letters and digits without look-alikes (no i, l, o, u): 10 of them is 50 random bits.
    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")

    /// A fresh id such as `7k3q9m2xwd`.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<10).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }

    /// Refuses an id that could not have been made here or chosen sensibly: 1 to 64 of a-z, 0-9 and '-'.
    public static func validate(_ id: String) throws {
        guard ArticleContent.isValidSlug(id), id.count <= 64 else {
            throw GalleyError.invalidInput("an article id is 1 to 64 lowercase letters, digits and hyphens: \(id)")
        }
    }
}
