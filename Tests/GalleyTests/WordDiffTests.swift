import Galley
import Testing

@Suite("Word-level diffs")
struct WordDiffTests {
    @Test("a changed word shows as removed then added, the rest as the same")
    func changedWord() {
        let segments = WordDiff.diff("The crossing takes 14 minutes.", "The crossing takes 16 minutes.")
        #expect(segments == [.same("The crossing takes"), .removed("14"), .added("16"), .same("minutes.")])
        #expect(WordDiff.marked(segments) == "The crossing takes [-14-] {+16+} minutes.")
    }

    @Test("insertions and deletions at either end; identical and empty texts")
    func ends() {
        #expect(WordDiff.diff("ferry to run", "night ferry") == [.added("night"), .same("ferry"), .removed("to run")])
        #expect(WordDiff.diff("same words", "same words") == [.same("same words")])
        #expect(WordDiff.diff("", "new text") == [.added("new text")])
        #expect(WordDiff.diff("old text", "") == [.removed("old text")])
    }
}
