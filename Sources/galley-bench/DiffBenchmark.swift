import Foundation
import Galley

/// Diffs of two 1 MiB bodies: near-identical (a few edits) and unrelated (past the edit bound), each beside
/// the baseline of reading both bodies into words, measured in the same run.
struct DiffBenchmark {
    func run() {
        let old = Self.body(seed: 1)
        var edited = old
        for index in stride(from: 1_000, to: old.count, by: 20_000) { edited[index] = "edited" }
        let unrelated = Self.body(seed: 2)
        let (oldText, editedText, unrelatedText) = (
            old.joined(separator: " "), edited.joined(separator: " "),
            unrelated.joined(separator: " ")
        )
        print("diff of two bodies of \(oldText.utf8.count >> 10) KiB, \(old.count) words each")
        let baseline = Self.median {
            _ =
                oldText.split(whereSeparator: \.isWhitespace).count
                + editedText.split(whereSeparator: \.isWhitespace).count
        }
        print("  baseline, splitting both into words: \(Self.ms(baseline))")
        for (name, other) in [("a few edits", editedText), ("unrelated", unrelatedText)] {
            let time = Self.median { _ = WordDiff.diff(oldText, other) }
            print("  \(name): \(Self.ms(time)), \(String(format: "%.1f", time / baseline))x the baseline")
        }
    }

    static func body(seed: UInt64) -> [String] {
        var state = seed
        return (0..<170_000).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return "w\(state >> 52)"
        }
    }

    static func median(_ work: () -> Void) -> TimeInterval {
        let times = (0..<5).map { _ in
            let start = Date()
            work()
            return Date().timeIntervalSince(start)
        }
        return times.sorted()[2]
    }

    static func ms(_ seconds: TimeInterval) -> String { String(format: "%.0f ms", seconds * 1_000) }
}
