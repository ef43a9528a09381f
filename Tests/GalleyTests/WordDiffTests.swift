import Foundation
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

@Suite("Word-level diffs of large texts")
struct LargeDiffTests {
    /// Words of a pseudo-random text, the same for the same seed.
    static func words(_ count: Int, seed: UInt64) -> [String] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return "w\(state >> 52)"
        }
    }

    /// The process's peak resident memory, in bytes.
    static func peakMemory() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }

    @Test("a few changes inside two long texts are found word by word")
    func fewChangesInLongTexts() {
        var old = Self.words(50_000, seed: 1)
        var new = old
        new[10_000] = "changed"
        new.insert("inserted", at: 30_000)
        old.remove(at: 40_000)
        let segments = WordDiff.diff(words: old, new)
        let changes = segments.filter { if case .same = $0 { false } else { true } }
        #expect(changes == [.removed(old[10_000]), .added("changed"), .added("inserted"), .added(new[40_001])])
    }

    @Test("interleaved edits come out as the shortest script, each change removals first")
    func interleaved() {
        #expect(
            WordDiff.diff("a b c d e f", "a x c d y f") == [
                .same("a"), .removed("b"), .added("x"), .same("c d"), .removed("e"), .added("y"), .same("f"),
            ])
    }

    @Test("two unrelated 1 MiB bodies diff in bounded memory, paragraph by paragraph past the edit bound")
    func unrelatedMegabyteBodies() {
        // About 1 MiB each: 170,000 words of six bytes, in paragraphs of 100 words.
        func body(seed: UInt64) -> [String] {
            let words = Self.words(170_000, seed: seed)
            return stride(from: 0, to: words.count, by: 100).flatMap { start in
                (start > 0 ? [WordDiff.paragraphBreak] : []) + words[start..<min(start + 100, words.count)]
            }
        }
        var old = body(seed: 2)
        let new = body(seed: 3)
        // The same first and last paragraphs, which the coarsest fallback still keeps.
        old.replaceSubrange(0..<100, with: new[0..<100])
        old.replaceSubrange((old.count - 100)..<old.count, with: new[(new.count - 100)..<new.count])
        let before = Self.peakMemory()
        let segments = WordDiff.diff(words: old, new)
        let grown = Self.peakMemory() - before
        // A table of words by words would need 170,000² cells; the bound is far below even one row per word.
        #expect(grown < 512 << 20, "the diff grew peak memory by \(grown >> 20) MiB")
        let kept = segments.reduce(0) { count, segment in
            if case .same(let text) = segment { count + text.split(separator: " ").count } else { count }
        }
        #expect(kept >= 200, "the paragraphs both bodies share are kept as the same")
        let removed = segments.reduce(0) { count, segment in
            if case .removed(let text) = segment { count + text.split(separator: " ").count } else { count }
        }
        #expect(removed + kept == old.count)
    }
}
