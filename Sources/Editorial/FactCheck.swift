public import Foundation

/// A statement in a story that fact-checkers must rule on.
public struct Claim: Codable, Sendable, Hashable {
    /// The claim's id within its story, such as `c1`.
    public var id: String
    /// The statement, as the story makes it.
    public var text: String
    /// Who said it, when it is a quotation.
    public var speaker: String?
    /// Where it comes from, when the story says.
    public var source: String?
    /// The ruling, once there is one.
    public var verdict: Verdict?
    /// Whether the text appeared in the story when the claim was added; only such a claim can lose its text.
    public var anchored: Bool?
    /// Set when a fact-checker took the claim off the checklist.
    public var withdrawal: ClaimWithdrawn?

    /// Creates a claim without a verdict.
    public init(id: String, text: String, speaker: String? = nil, source: String? = nil) {
        self.id = id
        self.text = text
        self.speaker = speaker
        self.source = source
    }
}

/// How a claim was rated.
public enum Rating: String, Codable, Sendable, CaseIterable {
    /// Checked and correct.
    case accurate
    /// Checked and wrong.
    case inaccurate
    /// Literally true but leaves a false impression.
    case misleading
    /// Cannot be checked with what is available.
    case unverifiable

    /// Whether this rating says the story is wrong, which blocks approval.
    public var blocksApproval: Bool { self == .inaccurate || self == .misleading }
}

/// A fact-checker's ruling on a claim.
public struct Verdict: Codable, Sendable, Hashable {
    /// The rating.
    public var rating: Rating
    /// Links to the evidence.
    public var evidence: [URL]
    /// What the fact-checker found.
    public var note: String
    /// Who ruled.
    public var by: String
    /// When.
    public var at: Date
    /// The revision it judged, or last confirmed; nil only in events older than this field, where the fold
    /// fills in the revision the story had when the verdict was recorded.
    public var revision: Int?
    /// Who last confirmed it for a later revision, if anyone.
    public var confirmedBy: String?
    /// When.
    public var confirmedAt: Date?

    /// Creates a verdict.
    public init(rating: Rating, evidence: [URL], note: String, by: String, at: Date, revision: Int? = nil) {
        self.rating = rating
        self.evidence = evidence
        self.note = note
        self.by = by
        self.at = at
        self.revision = revision
    }
}

/// Where a claim stands for the sign-off of the story's current revision.
public enum ClaimStanding: String, Codable, Sendable, CaseIterable {
    /// No verdict yet.
    case open
    /// Its verdict judged the current headline and body.
    case current
    /// Its verdict was made on an earlier revision: confirm it or rule again.
    case outdated
    /// Its text no longer appears in the story: rule again or withdraw it.
    case textMissing = "text_missing"
    /// Taken off the checklist; it does not count toward the sign-off.
    case withdrawn
}

/// One verdict a sign-off covered, as it stood when the fact-checker signed.
public struct CoveredVerdict: Codable, Sendable, Hashable {
    /// The claim.
    public var claimId: String
    /// Its rating.
    public var rating: Rating
    /// The revision the verdict judged.
    public var revision: Int
    /// Who ruled.
    public var by: String

    /// Creates an entry.
    public init(claimId: String, rating: Rating, revision: Int, by: String) {
        self.claimId = claimId
        self.rating = rating
        self.revision = revision
        self.by = by
    }
}

/// A fact-checker's approval of one revision of a story.
public struct SignOff: Codable, Sendable, Hashable {
    /// The revision it covers; any later change of headline or body makes it no longer current.
    public var revision: Int
    /// Who signed off.
    public var by: String
    /// When.
    public var at: Date
    /// The verdicts it covered; nil only in events older than this field.
    public var covered: [CoveredVerdict]?
    /// True when the fact-checker stated that the story makes no claim to check.
    public var noClaims: Bool?

    /// Creates a sign-off.
    public init(revision: Int, by: String, at: Date, covered: [CoveredVerdict]? = nil, noClaims: Bool? = nil) {
        self.revision = revision
        self.by = by
        self.at = at
        self.covered = covered
        self.noClaims = noClaims
    }
}

/// The kinds of change made to a published story, each shown to readers with its text.
public enum CorrectionKind: String, Codable, Sendable, CaseIterable {
    /// A factual error was fixed.
    case correction
    /// Something ambiguous was made clear.
    case clarification
    /// An editor's note about the story.
    case editorsNote = "editors_note"
}

/// One entry of a published story's public correction log.
public struct Correction: Codable, Sendable, Hashable {
    /// Its kind.
    public var kind: CorrectionKind
    /// The public text shown with the story.
    public var text: String
    /// The revision it produced.
    public var revision: Int
    /// Who made it.
    public var by: String
    /// When.
    public var at: Date

    /// Creates an entry.
    public init(kind: CorrectionKind, text: String, revision: Int, by: String, at: Date) {
        self.kind = kind
        self.text = text
        self.revision = revision
        self.by = by
        self.at = at
    }
}
