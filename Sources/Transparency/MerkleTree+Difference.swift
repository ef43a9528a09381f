/// Locating where two histories part, for the message that names the first rewritten event.
extension MerkleTree {
    /// The index of the first leaf at which the trees of `size` leaves behind `first` and `second` differ, or nil
    /// if they are the same; it descends from the root, so it reads about log2(size) subtree hashes of each.
    public static func firstDifferingLeaf(
        size: UInt64, _ first: some HashReader, _ second: some HashReader
    ) async throws -> UInt64? {
        guard size > 0 else { return nil }
        var range = 0..<size
        guard try await differ(range, first, second) else { return nil }
        // Invariant: the two trees differ somewhere in `range`; a subtree hash differs iff some leaf under it does.
        while width(range) > 1 {
            let middle = range.lowerBound + split(width(range))
            let left = range.lowerBound..<middle
            range = try await differ(left, first, second) ? left : middle..<range.upperBound
        }
        return range.lowerBound
    }

    private static func differ(
        _ range: Range<UInt64>, _ first: some HashReader, _ second: some HashReader
    ) async throws -> Bool {
        try await hashes(of: [range], reader: first) != hashes(of: [range], reader: second)
    }
}
