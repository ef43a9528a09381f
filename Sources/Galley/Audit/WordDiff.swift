/// A word-level difference between two texts, found with Myers' O(ND) algorithm.
///
/// Memory and time are bounded whatever the input: words are compared as interned integers, the search for
/// the shortest edit script stops after `maxEdits` edits or `maxSteps` comparisons, and past either bound the
/// texts are compared paragraph by paragraph, then, past that too, by their common first and last paragraphs
/// with all between replaced. Memory is linear in the input plus the search's trace, at most about `maxEdits`²
/// integers.
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

    /// The most edits the search looks for before it falls back to a coarser diff.
    public static let maxEdits = 1_000
    /// The most comparisons the search makes before it falls back to a coarser diff.
    public static let maxSteps = 20_000_000

    /// What marks a paragraph break in a word list (see `RevisionDiff`).
    public static let paragraphBreak = "¶"

    /// The segments that turn `old` into `new`, words split at whitespace.
    public static func diff(_ old: String, _ new: String) -> [Segment] {
        diff(
            words: old.split(whereSeparator: \.isWhitespace).map(String.init),
            new.split(whereSeparator: \.isWhitespace).map(String.init))
    }

    /// The segments that turn one word list into another.
    public static func diff(words old: [String], _ new: [String]) -> [Segment] {
        var ids: [String: Int32] = [:]
        func intern(_ words: [String]) -> [Int32] {
            words.map { word in
                if let id = ids[word] { return id }
                let id = Int32(ids.count)
                ids[word] = id
                return id
            }
        }
        let (a, b) = (intern(old), intern(new))
        var operations = edits(a, b)
        if operations == nil {
            // Too far apart word by word: compare whole paragraphs, each break a unit of its own.
            let (oldUnits, newUnits) = (paragraphs(old), paragraphs(new))
            var unitIDs: [[String]: Int32] = [:]
            func internUnits(_ units: [[String]]) -> [Int32] {
                units.map { unit in
                    if let id = unitIDs[unit] { return id }
                    let id = Int32(unitIDs.count)
                    unitIDs[unit] = id
                    return id
                }
            }
            let unitEdits = edits(internUnits(oldUnits), internUnits(newUnits), coarseFallback: true)
            operations = unitEdits.map { expand($0, oldUnits, newUnits) }
        }
        return segments(operations ?? [], old, new)
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

    enum Operation { case same, removed, added }

    /// The shortest edit script from `a` to `b`, or nil when it is longer than the bounds allow; with
    /// `coarseFallback`, past the bounds, the common ends kept and everything between them replaced.
    static func edits(_ a: [Int32], _ b: [Int32], coarseFallback: Bool = false) -> [Operation]? {
        // Common ends cost nothing to find and are most of a typical revision.
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix,
            a[a.count - 1 - suffix] == b[b.count - 1 - suffix]
        {
            suffix += 1
        }
        let x0 = Array(a[prefix..<(a.count - suffix)])
        let y0 = Array(b[prefix..<(b.count - suffix)])
        guard
            let middle = myers(x0, y0)
                ?? (coarseFallback ? x0.map { _ in .removed } + y0.map { _ in .added } : nil)
        else { return nil }
        return [Operation](repeating: .same, count: prefix) + middle + [Operation](repeating: .same, count: suffix)
    }

    /// Myers' greedy search, keeping each round's furthest points so that the path can be walked back.
    private static func myers(_ a: [Int32], _ b: [Int32]) -> [Operation]? {
        let (n, m) = (a.count, b.count)
        if n == 0 || m == 0 { return [Operation](repeating: .removed, count: n) + .init(repeating: .added, count: m) }
        let bound = min(maxEdits, n + m)
        let offset = bound + 1
        var furthest = [Int](repeating: 0, count: 2 * bound + 3)
        var trace: [[Int]] = []
        var steps = 0
        for d in 0...bound {
            for k in stride(from: -d, through: d, by: 2) {
                var x =
                    k == -d || (k != d && furthest[offset + k - 1] < furthest[offset + k + 1])
                    ? furthest[offset + k + 1] : furthest[offset + k - 1] + 1
                var y = x - k
                let start = x
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                steps += 1 + x - start
                furthest[offset + k] = x
                if x >= n, y >= m {
                    trace.append(Array(furthest[(offset - d)...(offset + d)]))
                    return walkBack(trace, n: n, m: m)
                }
            }
            trace.append(Array(furthest[(offset - d)...(offset + d)]))
            if steps > maxSteps { return nil }
        }
        return nil
    }

    private static func walkBack(_ trace: [[Int]], n: Int, m: Int) -> [Operation] {
        var operations: [Operation] = []
        var (x, y) = (n, m)
        for d in stride(from: trace.count - 1, to: 0, by: -1) {
            let previous = trace[d - 1]  // covers k from -(d-1) to d-1
            let k = x - y
            let down = k == -d || (k != d && previous[k - 1 + d - 1] < previous[k + 1 + d - 1])
            let previousK = down ? k + 1 : k - 1
            let previousX = previous[previousK + d - 1]
            let previousY = previousX - previousK
            while x > previousX + (down ? 0 : 1), y > previousY + (down ? 1 : 0) {
                operations.append(.same)
                x -= 1
                y -= 1
            }
            operations.append(down ? .added : .removed)
            (x, y) = (previousX, previousY)
        }
        operations += [Operation](repeating: .same, count: x)
        return operations.reversed()
    }

    /// Words grouped into paragraphs, each break a group of its own.
    private static func paragraphs(_ words: [String]) -> [[String]] {
        var units: [[String]] = []
        var current: [String] = []
        for word in words {
            if word == paragraphBreak {
                if !current.isEmpty { units.append(current) }
                units.append([word])
                current = []
            } else {
                current.append(word)
            }
        }
        if !current.isEmpty { units.append(current) }
        return units
    }

    /// A script over units as a script over their words.
    private static func expand(_ operations: [Operation], _ old: [[String]], _ new: [[String]]) -> [Operation] {
        var result: [Operation] = []
        var (i, j) = (0, 0)
        for operation in operations {
            switch operation {
            case .same:
                result += [Operation](repeating: .same, count: old[i].count)
                i += 1
                j += 1
            case .removed:
                result += [Operation](repeating: .removed, count: old[i].count)
                i += 1
            case .added:
                result += [Operation](repeating: .added, count: new[j].count)
                j += 1
            }
        }
        return result
    }

    /// Runs of words, each change's removals before its additions, as readers expect `[-old-] {+new+}`.
    private static func segments(_ operations: [Operation], _ old: [String], _ new: [String]) -> [Segment] {
        var segments: [Segment] = []
        var (i, j) = (0, 0)
        var (removed, added, same): ([String], [String], [String]) = ([], [], [])
        func flushChange() {
            if !removed.isEmpty { segments.append(.removed(removed.joined(separator: " "))) }
            if !added.isEmpty { segments.append(.added(added.joined(separator: " "))) }
            (removed, added) = ([], [])
        }
        func flushSame() {
            if !same.isEmpty { segments.append(.same(same.joined(separator: " "))) }
            same = []
        }
        for operation in operations {
            switch operation {
            case .same:
                flushChange()
                same.append(old[i])
                i += 1
                j += 1
            case .removed:
                flushSame()
                removed.append(old[i])
                i += 1
            case .added:
                flushSame()
                added.append(new[j])
                j += 1
            }
        }
        flushChange()
        flushSame()
        return segments
    }
}
