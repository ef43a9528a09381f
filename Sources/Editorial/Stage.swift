/// Where a story stands in the workflow.
public enum Stage: String, Codable, Sendable, CaseIterable {
    /// The reporter is writing it.
    case draft
    /// An editor is working on it.
    case editing
    /// Fact-checkers are checking one revision of it.
    case factCheck = "fact_check"
    /// Signed off and waiting to be published.
    case ready
    /// Published, or scheduled to become public at its embargo time.
    case published
    /// Dropped before publication.
    case spiked
    /// Withdrawn after publication, with a stated reason.
    case retracted
    /// Removed from every public output for a legal reason, after it was published; the log keeps it. No way
    /// back: a takedown is never undone.
    case takenDown = "taken_down"
}

extension Stage {
    /// The stage as the board names it.
    public var label: String {
        switch self {
        case .draft: "Draft"
        case .editing: "Editing"
        case .factCheck: "Fact-check"
        case .ready: "Ready"
        case .published: "Published"
        case .spiked: "Spiked"
        case .retracted: "Retracted"
        case .takenDown: "Taken down"
        }
    }
}

extension Stage {
    /// The stage as a sentence names it: "fact-check", where the log and the API write `fact_check`.
    public var name: String { label.lowercased() }
}
