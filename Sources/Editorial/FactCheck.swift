import Foundation

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

    /// Creates a verdict.
    public init(rating: Rating, evidence: [URL], note: String, by: String, at: Date) {
        self.rating = rating
        self.evidence = evidence
        self.note = note
        self.by = by
        self.at = at
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

    /// Creates a sign-off.
    public init(revision: Int, by: String, at: Date) {
        self.revision = revision
        self.by = by
        self.at = at
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
