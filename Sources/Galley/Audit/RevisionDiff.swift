public import Coding
public import Editorial
import Foundation

/// What changed in a story between two revisions: headline and body word by word, every other field whole.
public struct RevisionDiff: Sendable {
    /// A field other than headline and body, as the two revisions had it (nil: not set).
    public struct FieldChange: Sendable, Hashable {
        /// The field's name, as in the story's JSON (`kicker`, `bylines`, `desk`, `photo_caption`, ...).
        public var field: String
        /// Its value in the earlier revision.
        public var old: String?
        /// Its value in the later revision.
        public var new: String?

        /// Creates a change of `field` from `old` to `new`.
        public init(field: String, old: String?, new: String?) {
            self.field = field
            self.old = old
            self.new = new
        }
    }

    /// The earlier revision.
    public var from: Int
    /// The later revision.
    public var to: Int
    /// The headline's changes.
    public var headline: [WordDiff.Segment]
    /// The body's changes, paragraph by paragraph (`¶` marks where a paragraph breaks).
    public var body: [WordDiff.Segment]
    /// Every other field that differs, in the story's field order.
    public var fields: [FieldChange]

    /// Diffs revisions `from` and `to` of `story` (folded with its events).
    public init(_ story: Story, from: Int, to: Int) throws {
        let revisions = try Self.revisions(of: story)
        for revision in [from, to] where revisions[revision] == nil {
            throw GalleyError.notFound(
                "story \(story.id) has no revision \(revision); it has revisions 1 to \(revisions.keys.max() ?? 0)")
        }
        self.init(from: from, revisions[from]!, to: to, revisions[to]!)
    }

    /// Diffs two revisions' content.
    public init(from: Int, _ old: ArticleContent, to: Int, _ new: ArticleContent) {
        self.from = from
        self.to = to
        headline = WordDiff.diff(old.headline, new.headline)
        body = WordDiff.diff(words: Self.words(old.body), Self.words(new.body))
        fields = Self.fields(old, new)
    }

    /// Whether anything at all differs.
    public var isEmpty: Bool {
        fields.isEmpty && (headline + body).allSatisfy { if case .same = $0 { true } else { false } }
    }

    static func fields(_ old: ArticleContent, _ new: ArticleContent) -> [FieldChange] {
        let time = { (date: Date?) in date.map(Timestamp.rfc3339) }
        let pairs: [(String, String?, String?)] = [
            ("kicker", old.kicker, new.kicker),
            ("bylines", old.bylines.joined(separator: "; "), new.bylines.joined(separator: "; ")),
            ("desk", old.desk, new.desk), ("photo_caption", old.photoCaption, new.photoCaption),
            ("language", old.language, new.language), ("slug", old.slug, new.slug),
            ("dateline", old.dateline, new.dateline), ("credits", old.credits, new.credits),
            ("original_publication_time", time(old.originalPublicationTime), time(new.originalPublicationTime)),
        ]
        return pairs.filter { $0.1 != $0.2 }.map { FieldChange(field: $0.0, old: $0.1, new: $0.2) }
    }

    /// The diff as JSON: `id`, `from`, `to`, and `headline` and `body` as lists of `{op, text}` segments
    /// (`op` is same, removed or added), for `galley diff --json` and the HTTP service alike.
    public func jsonValue(id: String) -> JSONValue {
        let segments = { (segments: [WordDiff.Segment]) -> JSONValue in
            .array(
                segments.map { segment in
                    switch segment {
                    case .same(let text): .object(["op": .string("same"), "text": .string(text)])
                    case .removed(let text): .object(["op": .string("removed"), "text": .string(text)])
                    case .added(let text): .object(["op": .string("added"), "text": .string(text)])
                    }
                })
        }
        return .object([
            "id": .string(id), "from": .int(Int64(from)), "to": .int(Int64(to)), "headline": segments(headline),
            "body": segments(body),
            "fields": .array(
                fields.map { change in
                    .object([
                        "field": .string(change.field), "old": change.old.map(JSONValue.string) ?? .null,
                        "new": change.new.map(JSONValue.string) ?? .null,
                    ])
                }),
        ])
    }

    /// The content as each revision left it.
    static func revisions(of story: Story) throws -> [Int: ArticleContent] {
        var replay = Story(id: story.id)
        var revisions: [Int: ArticleContent] = [:]
        for recorded in story.events {
            try replay.apply(recorded, keepingEvent: false)
            if let content = replay.article.content { revisions[replay.article.revision] = content }
        }
        return revisions
    }

    static func words(_ paragraphs: [String]) -> [String] {
        paragraphs.enumerated().flatMap { index, paragraph in
            (index > 0 ? [WordDiff.paragraphBreak] : [])
                + paragraph.split(whereSeparator: \.isWhitespace).map(String.init)
        }
    }
}
