import Foundation
import Testing

@testable import Galley

/// What keeps one story or one query from costing the service more than a bounded amount.
@Suite("Search: bounded text, bounded queries, marks no one can type")
struct SearchBoundsTests {
    @Test("a body past the searched bytes is cut after its last whole word that fits, in UTF-8 bytes")
    func searchableText() {
        #expect(ProjectionRows.searchable("short text", maxBytes: 100) == "short text")
        #expect(ProjectionRows.searchable("one two three", maxBytes: 9) == "one two")
        // Four-byte characters are never split, and text without spaces is cut at the last whole character.
        #expect(ProjectionRows.searchable("😀😀😀", maxBytes: 9) == "😀😀")
        let long = (0..<100_000).map { "w\($0)" }.joined(separator: " ")
        let cut = ProjectionRows.searchable(long, maxBytes: ProjectionRows.searchedBodyBytes)
        #expect(cut.utf8.count <= ProjectionRows.searchedBodyBytes)
        #expect(long.hasPrefix(cut))
        #expect(cut.utf8.count > ProjectionRows.searchedBodyBytes - 10)
    }

    @Test("a query of more words or quoted phrases than the bounds is refused, naming the bound")
    func queryBounds() {
        let words = (1...17).map { "w\($0)" }.joined(separator: " ")
        #expect(
            ReadModels.searchQueryProblem(words)
                == "a search holds at most 16 words, not 17: leave some out")
        let phrases = (1...5).map { "\"p\($0) q\($0)\"" }.joined(separator: " ")
        #expect(ReadModels.searchQueryProblem(phrases) == "a search holds at most 4 quoted phrases, not 5")
        #expect(ReadModels.searchQueryProblem("\"city budget\" or tram -bus") == nil)
    }

    @Test("a snippet is split at PostgreSQL's marks only: typed « and » are text")
    func snippetMarks() {
        let text = "«quoted» words \u{2}budget\u{3} and more"
        #expect(
            SearchHit.parts(text) == [
                .init(text: "«quoted» words ", isMatch: false), .init(text: "budget", isMatch: true),
                .init(text: " and more", isMatch: false),
            ])
    }
}
