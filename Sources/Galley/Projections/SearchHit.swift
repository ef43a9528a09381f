public import Coding
import Foundation

/// One story a search found: its summary, how well it matched, and its words around the match.
public struct SearchHit: Sendable {
    /// The story.
    public var summary: StorySummary
    /// How well it matched (`ts_rank_cd`).
    public var rank: Double
    /// The headline and body around the match, in runs of matched and unmatched words.
    public var snippet: [SnippetPart]

    /// A run of a snippet's text, matched by the query or not.
    public struct SnippetPart: Sendable, Hashable {
        /// The words as written.
        public var text: String
        /// Whether the query matched them.
        public var isMatch: Bool
    }

    /// What PostgreSQL puts around a matched word: control characters, which no text Galley takes can hold
    /// (`TextRule`), so that a typed « or » is never taken for a match.
    static let startMark = "\u{2}"
    static let stopMark = "\u{3}"

    /// Splits `ts_headline`'s text at the marks it put around the matches.
    static func parts(_ text: String) -> [SnippetPart] {
        var parts: [SnippetPart] = []
        var rest = Substring(text)
        while let open = rest.range(of: startMark) {
            parts.append(SnippetPart(text: String(rest[..<open.lowerBound]), isMatch: false))
            rest = rest[open.upperBound...]
            let close = rest.range(of: stopMark) ?? (rest.endIndex..<rest.endIndex)
            parts.append(SnippetPart(text: String(rest[..<close.lowerBound]), isMatch: true))
            rest = rest[close.upperBound...]
        }
        parts.append(SnippetPart(text: String(rest), isMatch: false))
        return parts.filter { !$0.text.isEmpty }
    }

    /// The snippet as plain text with each match between « and », for a terminal.
    public var markedSnippet: String {
        snippet.map { $0.isMatch ? "«\($0.text)»" : $0.text }.joined()
    }

    /// The hit as JSON: the summary's keys, its snippet as runs `{"text", "match"}`, and its rank (as text,
    /// four decimals).
    public var jsonValue: JSONValue {
        guard case .object(var object) = summary.jsonValue else { return summary.jsonValue }
        object["snippet"] = .array(
            snippet.map { .object(["text": .string($0.text), "match": .bool($0.isMatch)]) })
        object["rank"] = .string(String(format: "%.4f", rank))
        return .object(object)
    }
}
