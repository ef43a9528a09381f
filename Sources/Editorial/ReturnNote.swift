public import Foundation

/// Why a story came back to its reporter or its editors: open until the story moves on again.
public struct ReturnNote: Codable, Sendable, Hashable {
    /// Which way it came back.
    public enum Kind: String, Codable, Sendable {
        /// An editor sent the draft back to its reporter.
        case sentBack = "sent_back"
        /// A fact-checker rejected the story back to the editors.
        case factCheckRejected = "fact_check_rejected"
    }

    /// Which way it came back.
    public var kind: Kind
    /// The note, or the rejection's reasons, one a line.
    public var lines: [String]
    /// Who sent it back.
    public var by: String
    /// When; filled in by a fold that knows when events were recorded.
    public var at: Date?

    /// Creates a note.
    public init(kind: Kind, lines: [String], by: String, at: Date? = nil) {
        self.kind = kind
        self.lines = lines
        self.by = by
        self.at = at
    }
}
