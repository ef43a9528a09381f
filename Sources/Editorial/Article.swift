public import Foundation

/// A story as its events leave it. `evolve` folds events into it and never refuses one.
public struct Article: Sendable, Hashable {
    /// Where it stands; nil before its first event.
    public var stage: Stage?
    /// Its content, as of the latest revision.
    public var content: ArticleContent?
    /// How many content changes it has had (the draft is revision 1).
    public var revision = 0
    /// The revision that last changed the headline or the body, the text a fact-check judges.
    public var checkedTextRevision = 0
    /// Who drafted it.
    public var author: String?
    /// Who last changed its content.
    public var lastEditor: String?
    /// The fact-check checklist, in the order claims were added.
    public var claims: [Claim] = []
    /// Claims proposed when the story was filed, until a fact-checker adds each to the checklist.
    public var proposedClaims: [Claim] = []
    /// The sign-off of the current revision, if there is one.
    public var signOff: SignOff?
    /// Every sign-off ever given, current or not.
    public var signOffHistory: [SignOff] = []
    /// When it became (or becomes) public.
    public var publicAt: Date?
    /// Its public correction log.
    public var corrections: [Correction] = []
    /// Why it was retracted, taken down or spiked.
    public var closingReason: String?
    /// Who works on it now.
    public var assignee: String?
    /// Why it came back to its reporter or editors, while that is still open.
    public var openNote: ReturnNote?
    /// Editorial comments.
    public var comments: [Commented] = []
    /// The submission that brought it to editing, while it stays there: whether its author may still recall it.
    public var submission: Submission?
    /// The stage it was spiked from, while it is spiked.
    public var spikedFrom: Stage?
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
        let before = stage
        switch event {
        case .drafted(let drafted):
            self.stage = .draft
            self.content = drafted.content
            self.revision = 1
            self.checkedTextRevision = 1
            self.author = drafted.author
            self.lastEditor = drafted.author
            self.proposedClaims = drafted.proposedClaims ?? []
        case .edited(let edited):
            change(by: edited.change, revision: edited.revision)
            self.lastEditor = actor
        case .submitted:
            self.stage = .editing
            self.openNote = nil
        case .sentBack(let sentBack):
            self.stage = .draft
            self.openNote = ReturnNote(kind: .sentBack, lines: [sentBack.note], by: actor)
        case .sentToFactCheck:
            self.stage = .factCheck
            self.openNote = nil
        case .factCheckReopened:
            self.stage = .factCheck
            self.signOff = nil
            self.publicAt = nil
        case .claimAdded(let added):
            var claim = added.claim
            claim.anchored = claim.anchored ?? checkedText.contains(ClaimStanding.normalized(claim.text))
            self.claims.append(claim)
            self.proposedClaims.removeAll { $0.id == claim.id }
        case .verdictRecorded(let recorded):
            if let index = claims.firstIndex(where: { $0.id == recorded.claimId }) {
                var verdict = recorded.verdict
                verdict.revision = verdict.revision ?? revision
                self.claims[index].verdict = verdict
            }
        case .verdictConfirmed(let confirmed):
            if let index = claims.firstIndex(where: { $0.id == confirmed.claimId }) {
                self.claims[index].verdict?.revision = confirmed.revision
                self.claims[index].verdict?.confirmedBy = confirmed.by
                self.claims[index].verdict?.confirmedAt = confirmed.at
            }
        case .claimWithdrawn(let withdrawn):
            if let index = claims.firstIndex(where: { $0.id == withdrawn.claimId }) {
                self.claims[index].withdrawal = withdrawn
            }
        case .factCheckApproved(let approved):
            self.stage = .ready
            self.signOff = approved.signOff
            self.signOffHistory.append(approved.signOff)
        case .factCheckRejected(let rejected):
            self.stage = .editing
            self.openNote = ReturnNote(kind: .factCheckRejected, lines: rejected.reasons, by: actor)
        case .published(let published):
            self.stage = .published
            self.publicAt = published.publicAt
        case .corrected(let corrected):
            change(by: corrected.change, revision: corrected.correction.revision)
            self.corrections.append(corrected.correction)
            self.lastEditor = actor
        case .retracted(let retracted):
            self.stage = .retracted
            self.closingReason = retracted.reason
        case .takenDown(let takenDown):
            self.stage = .takenDown
            self.closingReason = takenDown.reason
            // Taken down under embargo, it was never public and never will be: no public time to reach.
            if !takenDown.wasPublic { self.publicAt = nil }
        case .spiked(let spiked):
            self.spikedFrom = stage
            self.stage = .spiked
            self.closingReason = spiked.reason
        case .commented(let comment):
            self.comments.append(comment)
        case .assigned(let assigned):
            self.assignee = assigned.assignee
        case .recalled:
            self.stage = .draft
        case .pulledBack:
            self.stage = .editing
        case .unspiked(let unspiked):
            self.stage = unspiked.stage
            self.spikedFrom = nil
            self.closingReason = nil
            // Never back to published: a story spiked while embargoed returns ready, its old time dropped.
            self.publicAt = nil
        }
        followSubmission(event, actor: actor, stageBefore: before)
    }

    /// Keeps `submission`: opened by a submission, closed when the story leaves editing, and marked acted on by
    /// the first event of anyone but the author since.
    private mutating func followSubmission(_ event: ArticleEvent, actor: String, stageBefore: Stage?) {
        if case .submitted = event {
            self.submission = Submission()
        } else if stage != stageBefore {
            self.submission = nil
        } else if actor != author, submission != nil, submission?.actedOnBy == nil {
            self.submission = Submission(actedOnBy: actor, actedOn: event.summary)
        }
    }

    private mutating func change(by change: ContentChange, revision: Int) {
        guard let content else { return }
        if change.changesCheckedText(of: content) { self.checkedTextRevision = revision }
        self.content = change.applied(to: content)
        self.revision = revision
    }

    /// Where the story stands for its readers at `moment` (see `Publicity`).
    public func publicity(at moment: Date) -> Publicity { Publicity(stage: stage, publicAt: publicAt, at: moment) }

    /// Whether the story is public at `moment` (published, past its embargo, not retracted).
    public func isPublic(at moment: Date) -> Bool { publicity(at: moment) == .public }

    /// Whether the story is published but its embargo has not yet passed at `moment`.
    public func isEmbargoed(at moment: Date) -> Bool { publicity(at: moment) == .embargoed }

    /// Where `claim` stands for a sign-off of the current revision.
    public func standing(of claim: Claim) -> ClaimStanding {
        ClaimStanding(of: claim, checkedTextRevision: checkedTextRevision, checkedText: checkedText)
    }

    /// The claims that still count toward a sign-off: all but the withdrawn ones.
    public var checklist: [Claim] { claims.filter { $0.withdrawal == nil } }

    /// The headline and body as one text with runs of white space folded, for finding a claim's words.
    var checkedText: String { content?.checkedText ?? "" }
}

extension ArticleContent {
    /// The headline and body as one text with runs of white space folded, for finding a claim's words.
    public var checkedText: String { ClaimStanding.normalized(([headline] + body).joined(separator: "\n")) }
}

extension ClaimStanding {
    /// Where `claim` stands against a story whose headline and body (`checkedText`) last changed at
    /// `checkedTextRevision`.
    public init(of claim: Claim, checkedTextRevision: Int, checkedText: String) {
        let isCurrent = (claim.verdict?.revision ?? 0) >= checkedTextRevision
        if claim.withdrawal != nil {
            self = .withdrawn
        } else if claim.anchored == true, !isCurrent, !checkedText.contains(Self.normalized(claim.text)) {
            self = .textMissing
        } else if claim.verdict == nil {
            self = .open
        } else {
            self = isCurrent ? .current : .outdated
        }
    }

    static func normalized(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
