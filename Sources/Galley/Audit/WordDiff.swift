/// A word-level difference between two texts: the longest common subsequence of their words, with what was
/// removed and added around it.
public enum WordDiff {
    /// One run of words: the same in both texts, only in the old one, or only in the new one.
    public enum Segment: Sendable, Hashable {
        /// Words in both.
        case same(String)
        /// Words only in the old text.
        case removed(String)
        /// Words only in the new text.
        case added(String)
    }

    /// The segments that turn `old` into `new`, words split at whitespace.
    public static func diff(_ old: String, _ new: String) -> [Segment] {
        diff(
            words: old.split(whereSeparator: \.isWhitespace).map(String.init),
            new.split(whereSeparator: \.isWhitespace).map(String.init))
    }

    /// The segments that turn one word list into another.
    public static func diff(words old: [String], _ new: [String]) -> [Segment] {
        // lengths[i][j]: the longest common subsequence of old[i...] and new[j...].
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: new.count + 1), count: old.count + 1)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                lengths[i][j] = old[i] == new[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var segments: [Segment] = []
        func emit(_ segment: Segment) {
            switch (segments.last, segment) {
            case (.same(let a)?, .same(let b)): segments[segments.count - 1] = .same(a + " " + b)
            case (.removed(let a)?, .removed(let b)): segments[segments.count - 1] = .removed(a + " " + b)
            case (.added(let a)?, .added(let b)): segments[segments.count - 1] = .added(a + " " + b)
            default: segments.append(segment)
            }
        }
        var (i, j) = (0, 0)
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i] == new[j] {
                emit(.same(old[i]))
                i += 1
                j += 1
            } else if i < old.count, j == new.count || lengths[i + 1][j] >= lengths[i][j + 1] {
                emit(.removed(old[i]))  // removals first, as readers expect "[-old-] {+new+}"
                i += 1
            } else {
                emit(.added(new[j]))
                j += 1
            }
        }
        return segments
    }

    /// The segments as one line: `[-removed-]` and `{+added+}` around the changes.
    public static func marked(_ segments: [Segment]) -> String {
        segments.map { segment in
            switch segment {
            case .same(let text): text
            case .removed(let text): "[-\(text)-]"
            case .added(let text): "{+\(text)+}"
            }
        }.joined(separator: " ")
    }
}
