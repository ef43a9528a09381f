import Editorial

/// What a webhook tells a subscriber, as its payload's `type`.
public enum WebhookEventType: String, Sendable, CaseIterable {
    /// The story is public now: published without an embargo, or its embargo ended (an embargo partner hears at
    /// once, with the item's `embargoed` time).
    case published = "story.published"
    /// A correction, clarification or editor's note was added to a public story.
    case corrected = "story.corrected"
    /// The story was retracted.
    case retracted = "story.retracted"
    /// The story was taken down (a legal removal).
    case takenDown = "story.taken_down"

    /// The one place a kind of log event becomes a webhook event; nil for the kinds subscribers do not hear of.
    ///
    /// The switch names every kind, so a new one does not compile until it is placed here.
    static func of(_ kind: ArticleEventKind) -> WebhookEventType? {
        switch kind {
        case .published: .published
        case .corrected: .corrected
        case .retracted: .retracted
        case .takenDown: .takenDown
        case .drafted, .edited, .submitted, .sentBack, .sentToFactCheck, .factCheckReopened, .claimAdded,
            .verdictRecorded, .verdictConfirmed, .claimWithdrawn, .factCheckApproved, .factCheckRejected, .spiked,
            .commented, .assigned, .recalled, .pulledBack, .unspiked:
            nil
        }
    }

    /// Whether a subscriber that is not an embargo partner hears of it only once the story is public: everything
    /// but a retraction or a takedown, which go at once.
    var waitsForPublicTime: Bool { self == .published || self == .corrected }
}
