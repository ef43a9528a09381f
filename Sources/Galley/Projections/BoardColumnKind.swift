import Editorial

/// The board's columns, in order: one for each stage of active work, the embargoed, and the stories that
/// reached an end of the workflow within the board's window. Named, titled and selected here alone.
public enum BoardColumnKind: String, CaseIterable, Sendable {
    /// Stories in the stage of the same name.
    case draft, editing, factCheck = "fact_check", ready
    /// Published, not yet public.
    case embargoed
    /// Public within the window: published in it, or made public in it when an embargo ran out.
    case published
    /// Spiked within the window.
    case spiked
    /// Retracted within the window.
    case retracted
    /// Taken down within the window.
    case takenDown = "taken_down"

    /// How long stories that reached an end of the workflow stay on the board, unless configured otherwise.
    public static let defaultWindow: Duration = .seconds(defaultWindowHours * 3_600)
    /// `defaultWindow` in hours, as the command line's options give it.
    public static let defaultWindowHours = 48

    /// The column's title as people read it.
    public var title: String {
        switch self {
        case .draft: Stage.draft.label
        case .editing: Stage.editing.label
        case .factCheck: Stage.factCheck.label
        case .ready: Stage.ready.label
        case .embargoed: "Embargoed"
        case .published: "Recently published"
        case .spiked: "Recently spiked"
        case .retracted: "Recently retracted"
        case .takenDown: "Recently taken down"
        }
    }

    /// Which board rows (`b`) the column holds, with $1 the time now and $2 the window's start; public and
    /// embargoed as the one SQL definition has them (migrations/0020).
    var condition: String {
        switch self {
        case .draft, .editing, .factCheck, .ready: "b.stage = '\(rawValue)'"
        case .embargoed: "story_is_embargoed(b.stage, b.public_at, $1)"
        case .published: "story_is_public(b.stage, b.public_at, $1) AND (b.stage_since >= $2 OR b.public_at >= $2)"
        case .spiked, .retracted, .takenDown: "b.stage = '\(rawValue)' AND b.stage_since >= $2"
        }
    }
}
