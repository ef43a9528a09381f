import Editorial
import Foundation
import Galley

// What the templates are given: plain values, already worded and formatted, so that no template decides anything.

/// What every page has around it: its title, who is signed in, and a notice or an error to show first.
struct Frame {
    var title: String
    var user: UserView?
    var csrf = ""
    var notice: String?
    var error: String?
    var zone: String
    /// Which item of the navigation is this page (the board, search, the public record, a new story).
    var onBoard = false
    var onSearch = false
    var onPublic = false
    var onNew = false
    var onInbox = false
    var onSchedule = false
    /// The most a form may send, in bytes, and what the page says when a form is over it.
    var maxBody = 0
    var tooLong = ""
    var onPeople = false
    var onSubscribers = false

    init(title: String, user: UserView?, csrf: String, zone: String, current: String) {
        self.title = title
        self.user = user
        self.csrf = csrf
        self.zone = zone
        (onBoard, onSearch, onPublic, onNew, onSchedule) = (
            current == "board", current == "search", current == "public", current == "new", current == "schedule"
        )
        onInbox = current == "inbox"
        onPeople = current == "people"
        onSubscribers = current == "subscribers"
    }
}

struct UserView {
    var name: String
    var byline: String
    var roles: String
    var canDraft: Bool
    /// Whether they manage people (the People page).
    var isAdmin: Bool

    init(_ user: User) {
        name = user.name
        byline = user.byline
        roles = user.roles.sorted().map(\.label).joined(separator: ", ")
        canDraft = Permissions.allows(user.roles, .draft)
        isAdmin = user.roles.contains(.admin)
    }
}

/// A run of text, marked (a search match, an addition, a removal) or not.
struct Segment {
    var text: String
    var added = false
    var removed = false
    var mark = false
    var plain = true

    init(text: String, added: Bool = false, removed: Bool = false, mark: Bool = false) {
        self.text = text
        self.added = added
        self.removed = removed
        self.mark = mark
        plain = !added && !removed && !mark
    }

    /// A word diff's runs, spaced as the words were, with its paragraph breaks as blank lines.
    static func diff(_ segments: [WordDiff.Segment]) -> [Segment] {
        segments.enumerated().map { index, run in
            func spaced(_ text: String) -> String {
                (index < segments.count - 1 ? text + " " : text)
                    .replacingOccurrences(of: " \(WordDiff.paragraphBreak) ", with: "\n\n")
                    .replacingOccurrences(of: WordDiff.paragraphBreak, with: "\n\n")
            }
            return switch run {
            case .same(let text): Segment(text: spaced(text))
            case .added(let text): Segment(text: spaced(text), added: true)
            case .removed(let text): Segment(text: spaced(text), removed: true)
            }
        }
    }

    /// A search snippet's runs, matches marked.
    static func snippet(_ parts: [SearchHit.SnippetPart]) -> [Segment] {
        parts.map { Segment(text: $0.text, mark: $0.isMatch) }
    }
}

struct LoginPage {
    var frame: Frame
    var name: String
    var next: String
    var token: String
    /// A form whose session ended, carried through sign-in to be shown again: where it was posted, and its fields.
    var resumeTo: String?
    var resume: String?
}

/// The new-story form, as typed so far.
struct NewStoryPage {
    var frame: Frame
    var headline: String
    var kicker: String
    var bylines: String
    var desk: String
    var slug: String
    var body: String
    var caption: String
    /// The form's one-time key (see `WebApp.draftKey`).
    var formKey: String
}

struct MessagePage {
    var frame: Frame
    var heading: String
    var message: String
}

struct BoardPage {
    /// One move of a card, carrying what its form needs itself: each look-up a template makes through the
    /// context stack costs, and a board makes thousands.
    struct Move {
        var id: String
        var action: String
        var label: String
        var to: String
        /// The note or reason the move needs, as the field's label; nil when it needs none.
        var note: String?
        var noteField: String?
        var needsTime: Bool
        /// Whether the move needs a note (a section on a Bool leaves the context stack as it is; on text, not).
        var needsNote: Bool
        /// Neither a note nor a time: a button alone.
        var plain: Bool
        var csrf: String
        var zone: String
        /// Where the form comes back to when the move is made: the board, at the card.
        var back: String
        /// The people list its field offers (an assignment's), by the list's element id.
        var list: String? = nil
    }

    /// The people an assignment may pick on the cards of one stage, as a list the fields share.
    struct People {
        var id: String
        var names: [Choice]
    }

    struct Card {
        var id: String
        var slug: String
        var headline: String
        var desk: String
        var assignee: String?
        var author: String?
        var inStage: String
        var stageSince: String
        var openNote: String?
        /// How many words its body has, worded.
        var words: String
        /// When an embargoed story goes public, in the newsroom's zone.
        var releases: String?
        var releasesAt: String?
        var moves: [Move]
    }

    struct Column {
        var name: String
        var title: String
        var count: Int
        var cards: [Card]
        var more: String?
    }

    var frame: Frame
    /// The filters' pickers: the desks there are and the people, the chosen ones selected; named apart from a
    /// card's desk and assignee, which a template would otherwise find here (a look-up climbs the context stack).
    var desks: [Choice]
    var people: [Choice]
    var assignees: [People]
    var mine: Bool
    var filtered: Bool
    var recentHours: Int
    var columns: [Column]
    /// The log position the page shows, from which live updates follow.
    var position: Int64
}

struct SearchPage {
    struct Hit {
        var id: String
        var slug: String
        var headline: String
        var stage: String
        var desk: String
        var updated: String
        var snippet: [Segment]
    }

    var frame: Frame
    var query: String
    var stages: [Choice]
    var desks: [Choice]
    var hits: [Hit]
    var more: String?
    /// How many stories match, worded; on the first page only.
    var count: String?
    var none: Bool
}

struct Choice {
    var value: String
    var label: String
    var selected: Bool
}

struct PublicPage {
    struct Story {
        var id: String
        var text: StoryText
        var publicAt: String
        var corrections: [Note]
        var retracted: Bool
        var retraction: String?
    }

    var frame: Frame
    var stories: [Story]
    var more: String?
}

/// A note with who wrote it and when: a comment, a correction, an open note.
struct Note {
    var kind: String
    var text: String
    var by: String
    var at: String
}

extension Note {
    /// A public note as every page shows it: its kind, its words, who wrote it and when.
    init(_ correction: Correction, time: WebTime) {
        self.init(kind: correction.kind.label, text: correction.text, by: correction.by, at: time.format(correction.at))
    }
}

extension Action {
    /// The action as a button says it.
    var label: String {
        switch self {
        case .draft: "File the draft"
        case .edit: "Save changes"
        case .submit: "Submit to the desk"
        case .sendBack: "Send back"
        case .recall: "Recall to draft"
        case .pullBack: "Pull back to editing"
        case .unspike: "Unspike"
        case .sendToFactCheck: "Send to fact-check"
        case .addClaim: "Add claim"
        case .recordVerdict: "Record verdict"
        case .confirmVerdict: "Confirm verdict"
        case .withdrawClaim: "Withdraw claim"
        case .approve: "Approve"
        case .reject: "Reject"
        case .publish: "Publish"
        case .correct: "Publish correction"
        case .retract: "Retract"
        case .spike: "Spike"
        case .comment: "Comment"
        case .assign: "Assign"
        }
    }
}
