public import Foundation

/// `ArticleDrafted`: the first revision of a story.
public struct Drafted: Codable, Sendable, Hashable {
    /// The story's content.
    public var content: ArticleContent
    /// Who filed it.
    public var author: String
    /// Claims proposed for the checklist, waiting for a fact-checker to add them; nil when none.
    public var proposedClaims: [Claim]?

    /// Creates the payload.
    public init(content: ArticleContent, author: String, proposedClaims: [Claim]? = nil) {
        self.content = content
        self.author = author
        self.proposedClaims = proposedClaims
    }
}

/// `ArticleEdited`: fields of the content changed.
public struct Edited: Codable, Sendable, Hashable {
    /// The fields that changed.
    public var change: ContentChange
    /// The revision this edit made.
    public var revision: Int

    /// Creates the payload.
    public init(change: ContentChange, revision: Int) {
        self.change = change
        self.revision = revision
    }
}

/// `ArticleSubmitted`: the draft went to the editors.
public struct Submitted: Codable, Sendable, Hashable {
    /// The event, which carries no data.
    public init() {}
}

/// `ArticleSentBack`: back to the reporter.
public struct SentBack: Codable, Sendable, Hashable {
    /// What the reporter should do.
    public var note: String

    /// Creates the payload.
    public init(note: String) {
        self.note = note
    }
}

/// `ArticleSentToFactCheck`: to the fact-checkers.
public struct SentToFactCheck: Codable, Sendable, Hashable {
    /// The event, which carries no data.
    public init() {}
}

/// `FactCheckReopened`: an edit made the sign-off no longer current.
public struct FactCheckReopened: Codable, Sendable, Hashable {
    /// The revision the old sign-off covered.
    public var signedOffRevision: Int
    /// The revision that needs checking now.
    public var revision: Int

    /// Creates the payload.
    public init(signedOffRevision: Int, revision: Int) {
        self.signedOffRevision = signedOffRevision
        self.revision = revision
    }
}

/// `ClaimAdded`: a claim joined the checklist.
public struct ClaimAdded: Codable, Sendable, Hashable {
    /// The claim, without a verdict.
    public var claim: Claim

    /// Creates the payload.
    public init(claim: Claim) {
        self.claim = claim
    }
}

/// `VerdictRecorded`: a ruling on a claim; a later one replaces an earlier one.
public struct VerdictRecorded: Codable, Sendable, Hashable {
    /// The claim ruled on.
    public var claimId: String
    /// The ruling.
    public var verdict: Verdict

    /// Creates the payload.
    public init(claimId: String, verdict: Verdict) {
        self.claimId = claimId
        self.verdict = verdict
    }
}

/// `FactCheckApproved`: a sign-off for one revision.
public struct FactCheckApproved: Codable, Sendable, Hashable {
    /// The sign-off.
    public var signOff: SignOff

    /// Creates the payload.
    public init(signOff: SignOff) {
        self.signOff = signOff
    }
}

/// `FactCheckRejected`: back to the editors.
public struct FactCheckRejected: Codable, Sendable, Hashable {
    /// Why, one reason a line.
    public var reasons: [String]

    /// Creates the payload.
    public init(reasons: [String]) {
        self.reasons = reasons
    }
}

/// `ArticlePublished`: public now, or at the embargo time.
public struct Published: Codable, Sendable, Hashable {
    /// When it becomes public.
    public var publicAt: Date
    /// The revision published.
    public var revision: Int

    /// Creates the payload.
    public init(publicAt: Date, revision: Int) {
        self.publicAt = publicAt
        self.revision = revision
    }
}

/// `ArticleCorrected`: a change after publication, with its public note.
public struct Corrected: Codable, Sendable, Hashable {
    /// The entry for the correction log.
    public var correction: Correction
    /// The content change, possibly empty (an editor's note alone).
    public var change: ContentChange

    /// Creates the payload.
    public init(correction: Correction, change: ContentChange) {
        self.correction = correction
        self.change = change
    }
}

/// `ArticleRetracted`: withdrawn; the story is kept.
public struct Retracted: Codable, Sendable, Hashable {
    /// Why, publicly.
    public var reason: String

    /// Creates the payload.
    public init(reason: String) {
        self.reason = reason
    }
}

/// `ArticleTakenDown`: removed from every public output for a legal reason; the story is kept in the log.
public struct TakenDown: Codable, Sendable, Hashable {
    /// Why, for the newsroom and its auditors only: never shown to readers or partners.
    public var reason: String
    /// Whether readers had seen it: false for a story taken down under embargo, which then never becomes public.
    public var wasPublic: Bool

    /// Creates the payload.
    public init(reason: String, wasPublic: Bool) {
        self.reason = reason
        self.wasPublic = wasPublic
    }
}

/// `ArticleSpiked`: dropped before publication.
public struct Spiked: Codable, Sendable, Hashable {
    /// Why.
    public var reason: String

    /// Creates the payload.
    public init(reason: String) {
        self.reason = reason
    }
}

/// `ArticleRecalled`: a submission taken back to draft before the desk acted on it.
public struct Recalled: Codable, Sendable, Hashable {
    /// The event, which carries no data.
    public init() {}
}

/// `ArticlePulledBack`: from fact-check back to editing; the checklist and its verdicts stay.
public struct PulledBack: Codable, Sendable, Hashable {
    /// The event, which carries no data.
    public init() {}
}

/// `ArticleUnspiked`: a spiked story restored.
public struct Unspiked: Codable, Sendable, Hashable {
    /// The stage it returned to: the one it was spiked from, or ready for a story spiked while embargoed.
    public var stage: Stage

    /// Creates the payload.
    public init(stage: Stage) {
        self.stage = stage
    }
}

/// `CommentAdded`: an editorial comment, anchored to a revision.
public struct Commented: Codable, Sendable, Hashable {
    /// The comment.
    public var text: String
    /// The revision it is about.
    public var revision: Int
    /// Who wrote it.
    public var by: String

    /// Creates the payload.
    public init(text: String, revision: Int, by: String) {
        self.text = text
        self.revision = revision
        self.by = by
    }
}

/// `ArticleAssigned`: who works on the story now.
public struct Assigned: Codable, Sendable, Hashable {
    /// The user given the story.
    public var assignee: String
    /// Who assigned it.
    public var by: String

    /// Creates the payload.
    public init(assignee: String, by: String) {
        self.assignee = assignee
        self.by = by
    }
}

/// `VerdictConfirmed`: a fact-checker found an earlier verdict still holds for the current revision.
public struct VerdictConfirmed: Codable, Sendable, Hashable {
    /// The claim.
    public var claimId: String
    /// The revision the verdict now covers.
    public var revision: Int
    /// Who confirmed it.
    public var by: String
    /// When.
    public var at: Date

    /// Creates the payload.
    public init(claimId: String, revision: Int, by: String, at: Date) {
        self.claimId = claimId
        self.revision = revision
        self.by = by
        self.at = at
    }
}

/// `ClaimWithdrawn`: a claim taken off the checklist, with why; it stays in the story's history.
public struct ClaimWithdrawn: Codable, Sendable, Hashable {
    /// The claim.
    public var claimId: String
    /// Why it no longer needs a ruling.
    public var reason: String
    /// Who withdrew it.
    public var by: String
    /// When.
    public var at: Date

    /// Creates the payload.
    public init(claimId: String, reason: String, by: String, at: Date) {
        self.claimId = claimId
        self.reason = reason
        self.by = by
        self.at = at
    }
}
