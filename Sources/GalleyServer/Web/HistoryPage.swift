import Editorial
import EventStore
import Foundation
import Galley

/// A story's life: every event with who, what, when, position and hash; the story as it stood at a chosen
/// version; and the chain's verification for this story.
struct HistoryPage {
    struct Event {
        var position: Int64
        var version: Int64
        var type: String
        var summary: String
        var actor: String
        var at: String
        var hash: String
        var shortHash: String
        var shown: Bool
    }

    /// The story as it stood at one version.
    struct Snapshot {
        var version: Int64
        var at: String
        var stage: String
        var revision: Int
        var text: StoryText
        var claims: Int
    }

    struct Verification {
        var holds: Bool
        var summary: String
        var broken: String?
    }

    var frame: Frame
    var id: String
    var slug: String
    var headline: String
    var events: [Event]
    var shown: Snapshot
    var latest: Int64
    var previous: Int64?
    var next: Int64?
    var verification: Verification
    var fromRevisions: [Choice]
    var toRevisions: [Choice]
    /// Whether each event links its proof: only where `/log` is open to a browser (no token asked).
    var linksProofs = false

    /// The page for `story`, showing it as it stood at `version` (`shownStory` is `story` replayed to it).
    init(
        story: Story, shownStory: Story, frame: Frame, time: WebTime, report: VerificationReport
    ) {
        self.frame = frame
        id = story.id
        slug = story.article.content?.slug ?? story.id
        headline = story.article.content?.headline ?? ""
        let shownVersion = shownStory.article.version
        let lines = story.historyLines(time: time.format)
        events = zip(story.events, lines).map { recorded, summary in
            Event(
                position: recorded.position, version: recorded.version, type: recorded.type, summary: summary,
                actor: (try? recorded.actor()) ?? "?", at: time.precise(recorded.recordedAt), hash: recorded.hashHex,
                shortHash: String(recorded.hashHex.prefix(12)), shown: recorded.version == shownVersion)
        }
        let view = StoryView(shownStory)
        shown = Snapshot(
            version: shownVersion, at: view.updatedAt.map(time.format) ?? "",
            stage: (shownStory.article.stage ?? .draft).label, revision: view.revision, text: StoryText(view),
            claims: view.claims.count)
        latest = story.article.version
        previous = shownVersion > 1 ? shownVersion - 1 : nil
        next = shownVersion < latest ? shownVersion + 1 : nil
        verification = Verification(
            holds: report.firstBroken == nil, summary: report.summary,
            broken: report.firstBroken.map(\.description))
        let last = max(1, story.article.revision)
        fromRevisions = (1...last).map {
            Choice(value: "\($0)", label: "revision \($0)", selected: $0 == max(1, last - 1))
        }
        toRevisions = (1...last).map { Choice(value: "\($0)", label: "revision \($0)", selected: $0 == last) }
    }
}

/// Two revisions of a story side by side, and word by word, with every changed field.
struct DiffPage {
    var frame: Frame
    var id: String
    var headline: String
    var from: Int
    var to: Int
    var fromChoices: [Choice]
    var toChoices: [Choice]
    var headlineWords: [Segment]
    var bodyWords: [Segment]
    var fields: [StoryPage.FieldChange]
    var same: Bool

    init(_ diff: RevisionDiff, story: Story, frame: Frame) {
        self.frame = frame
        id = story.id
        headline = story.article.content?.headline ?? ""
        from = diff.from
        to = diff.to
        let revisions = 1...max(1, story.article.revision)
        fromChoices = revisions.map { Choice(value: "\($0)", label: "revision \($0)", selected: $0 == diff.from) }
        toChoices = revisions.map { Choice(value: "\($0)", label: "revision \($0)", selected: $0 == diff.to) }
        headlineWords = Segment.diff(diff.headline)
        bodyWords = Segment.diff(diff.body)
        fields = DiffPage.changes(diff)
        same = diff.isEmpty
    }

    /// Every changed field, the headline and the body first, each with its words compared.
    static func changes(_ diff: RevisionDiff) -> [StoryPage.FieldChange] {
        var changes: [StoryPage.FieldChange] = []
        for (field, segments) in [("headline", diff.headline), ("body", diff.body)]
        where segments.contains(where: { if case .same = $0 { false } else { true } }) {
            let words = Segment.diff(segments)
            changes.append(
                StoryPage.FieldChange(
                    field: field, old: words.filter { !$0.added }.map(\.text).joined(),
                    new: words.filter { !$0.removed }.map(\.text).joined(), words: words))
        }
        return changes + diff.fields.map(field)
    }

    /// One changed field, with its words compared.
    static func field(_ change: RevisionDiff.FieldChange) -> StoryPage.FieldChange {
        let (old, new) = (change.old ?? "", change.new ?? "")
        return StoryPage.FieldChange(
            field: change.field.replacingOccurrences(of: "_", with: " "), old: old.isEmpty ? "(none)" : old,
            new: new.isEmpty ? "(none)" : new, words: Segment.diff(WordDiff.diff(old, new)))
    }
}
