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
        next.version += 1
        switch event {
        case .drafted(let drafted):
            next.stage = .draft
            next.content = drafted.content
            next.revision = 1
            next.author = drafted.author
            next.lastEditor = drafted.author
        case .edited(let edited):
            if let content { next.content = edited.change.applied(to: content) }
            next.revision = edited.revision
            next.lastEditor = actor
        case .submitted:
            next.stage = .editing
        case .sentBack:
            next.stage = .draft
        case .sentToFactCheck:
            next.stage = .factCheck
        case .factCheckReopened:
            next.stage = .factCheck
            next.signOff = nil
        case .claimAdded(let added):
            next.claims.append(added.claim)
        case .verdictRecorded(let recorded):
            if let index = claims.firstIndex(where: { $0.id == recorded.claimId }) {
                next.claims[index].verdict = recorded.verdict
            }
        case .factCheckApproved(let approved):
            next.stage = .ready
            next.signOff = approved.signOff
            next.signOffHistory.append(approved.signOff)
        case .factCheckRejected:
            next.stage = .editing
        case .published(let published):
            next.stage = .published
            next.publicAt = published.publicAt
        case .corrected(let corrected):
            if let content { next.content = corrected.change.applied(to: content) }
            next.revision = corrected.correction.revision
            next.corrections.append(corrected.correction)
            next.lastEditor = actor
        case .retracted(let retracted):
            next.stage = .retracted
            next.closingReason = retracted.reason
        case .spiked(let spiked):
            next.stage = .spiked
            next.closingReason = spiked.reason
        case .commented(let comment):
            next.comments.append(comment)
        case .assigned(let assigned):
            next.assignee = assigned.assignee
        }
        return next
    }

    /// Whether the story is public at `moment` (published, past its embargo, not retracted).
    public func isPublic(at moment: Date) -> Bool {
        guard stage == .published, let publicAt else { return false }
        return publicAt <= moment
    }
}
