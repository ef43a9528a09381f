import Editorial
import EventStore
import Foundation

/// What changed in a story's headline and body between two revisions, word by word.
public struct RevisionDiff: Sendable {
    /// The earlier revision.
    public var from: Int
    /// The later revision.
    public var to: Int
    /// The headline's changes.
    public var headline: [WordDiff.Segment]
    /// The body's changes, paragraph by paragraph (`¶` marks where a paragraph breaks).
    public var body: [WordDiff.Segment]

    /// Diffs revisions `from` and `to` of `story` (folded with its events).
    public init(_ story: Story, from: Int, to: Int) throws {
        let revisions = try Self.revisions(of: story)
        for revision in [from, to] where revisions[revision] == nil {
            throw GalleyError.notFound(
                "story \(story.id) has no revision \(revision); it has revisions 1 to \(revisions.keys.max() ?? 0)")
        }
        let (old, new) = (revisions[from]!, revisions[to]!)
        self.from = from
        self.to = to
        headline = WordDiff.diff(old.headline, new.headline)
        body = WordDiff.diff(words: Self.words(old.body), Self.words(new.body))
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
            (index > 0 ? ["¶"] : []) + paragraph.split(whereSeparator: \.isWhitespace).map(String.init)
        }
    }
}
