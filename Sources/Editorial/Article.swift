import Foundation

/// A story as its events leave it. `evolve` folds events into it and never refuses one.
public struct Article: Sendable, Hashable {
    /// Where it stands; nil before its first event.
    public var stage: Stage?
    /// Its content, as of the latest revision.
    public var content: ArticleContent?
    /// How many content changes it has had (the draft is revision 1).
    public var revision = 0
    /// Who drafted it.
    public var author: String?
    /// Who last changed its content.
    public var lastEditor: String?
    /// The fact-check checklist, in the order claims were added.
    public var claims: [Claim] = []
    /// The sign-off of the current revision, if there is one.
    public var signOff: SignOff?
    /// Every sign-off ever given, current or not.
    public var signOffHistory: [SignOff] = []
    /// When it became (or becomes) public.
    public var publicAt: Date?
    /// Its public correction log.
    public var corrections: [Correction] = []
    /// Why it was retracted or spiked.
    public var closingReason: String?
    /// Who works on it now.
    public var assignee: String?
    /// Editorial comments.
    public var comments: [Commented] = []
    /// How many events it has.
    public var version: Int64 = 0

    /// A story with no events.
    public init() {}

    /// Folds one event, attributed to `actor`, into the story.
    public func evolve(_ event: ArticleEvent, actor: String) -> Article {
        var next = self
        next.apply(event, actor: actor)
        return next
    }

    /// Folds one event into the story in place: `evolve` without a copy, for folding long histories.
    public mutating func apply(_ event: ArticleEvent, actor: String) {
        self.version += 1
        switch event {
        case .drafted(let drafted):
            self.stage = .draft
            self.content = drafted.content
            self.revision = 1
            self.author = drafted.author
            self.lastEditor = drafted.author
        case .edited(let edited):
            if let content { self.content = edited.change.applied(to: content) }
            self.revision = edited.revision
            self.lastEditor = actor
        case .submitted:
            self.stage = .editing
        case .sentBack:
            self.stage = .draft
        case .sentToFactCheck:
            self.stage = .factCheck
        case .factCheckReopened:
            self.stage = .factCheck
            self.signOff = nil
        case .claimAdded(let added):
            self.claims.append(added.claim)
        case .verdictRecorded(let recorded):
            if let index = claims.firstIndex(where: { $0.id == recorded.claimId }) {
                self.claims[index].verdict = recorded.verdict
            }
        case .factCheckApproved(let approved):
            self.stage = .ready
            self.signOff = approved.signOff
            self.signOffHistory.append(approved.signOff)
        case .factCheckRejected:
            self.stage = .editing
        case .published(let published):
            self.stage = .published
            self.publicAt = published.publicAt
        case .corrected(let corrected):
            if let content { self.content = corrected.change.applied(to: content) }
            self.revision = corrected.correction.revision
            self.corrections.append(corrected.correction)
            self.lastEditor = actor
        case .retracted(let retracted):
            self.stage = .retracted
            self.closingReason = retracted.reason
        case .spiked(let spiked):
            self.stage = .spiked
            self.closingReason = spiked.reason
        case .commented(let comment):
            self.comments.append(comment)
        case .assigned(let assigned):
            self.assignee = assigned.assignee
        }
    }

    /// Whether the story is public at `moment` (published, past its embargo, not retracted).
    public func isPublic(at moment: Date) -> Bool {
        guard stage == .published, let publicAt else { return false }
        return publicAt <= moment
    }
}
