internal import Crypto

/// RFC 6962 Merkle tree hashing over SHA-256, and the computation of roots from stored subtree hashes.
///
/// The tree of `n` leaves is the one RFC 6962 section 2.1 defines: its left part is the largest power of two
/// smaller than `n`, so every subtree hash a reader stores stays valid as the log grows.
public enum MerkleTree {
    /// The root of the empty tree: SHA-256 of no bytes.
    public static var emptyRoot: MerkleHash { digest([]) }

    /// The hash of a leaf: SHA-256(0x00 || entry).
    public static func leafHash(_ entry: some Sequence<UInt8>) -> MerkleHash {
        digest([0x00] + Array(entry))
    }

    /// The hash of an interior node: SHA-256(0x01 || left || right).
    public static func nodeHash(_ left: MerkleHash, _ right: MerkleHash) -> MerkleHash {
        digest([0x01] + left.bytes + right.bytes)
    }

    /// The root of the first `size` leaves, computed from the stored hashes the reader holds.
    public static func rootHash(size: UInt64, reader: some HashReader) async throws -> MerkleHash {
        guard size > 0 else { return emptyRoot }
        return try await hashes(of: [0..<size], reader: reader)[0]
    }

    /// The nodes whose hashes must already be stored to append a leaf at `index`: the left siblings that the new
    /// leaf completes, lowest first.
    public static func siblingsNeeded(appendingAt index: UInt64) -> [MerkleNode] {
        var nodes: [MerkleNode] = []
        var position = index
        var level = 0
        // Each trailing one bit of the index means the new subtree at that level is a right child.
        while position & 1 == 1 {
            nodes.append(MerkleNode(level: level, index: position - 1))
            position >>= 1
            level += 1
        }
        return nodes
    }

    /// The nodes that become complete when `leaf` is appended at `index`, with their hashes, lowest first;
    /// `siblings` are the hashes of ``siblingsNeeded(appendingAt:)`` in the same order.
    public static func nodesCompleted(
        appending leaf: MerkleHash, at index: UInt64, siblings: [MerkleHash]
    ) -> [(node: MerkleNode, hash: MerkleHash)] {
        precondition(siblings.count == siblingsNeeded(appendingAt: index).count, "one sibling per completed level")
        var completed = [(node: MerkleNode(level: 0, index: index), hash: leaf)]
        for (offset, sibling) in siblings.enumerated() {
            let below = completed[completed.count - 1]
            completed.append(
                (MerkleNode(level: offset + 1, index: index >> UInt64(offset + 1)), nodeHash(sibling, below.hash)))
        }
        return completed
    }

    /// The Merkle tree hash of each leaf range, read from the stored hashes in a single batch.
    ///
    /// Every range must be one that RFC 6962's recursion produces (its start aligned to the largest power of two
    /// not above its length), so it splits into complete subtrees of decreasing size that fold from the right.
    static func hashes(of ranges: [Range<UInt64>], reader: some HashReader) async throws -> [MerkleHash] {
        let plans = ranges.map(completeSubtrees(covering:))
        let read = try await reader.hashes(at: plans.flatMap { $0 })
        var results: [MerkleHash] = []
        var offset = 0
        for plan in plans {
            let parts = read[offset..<offset + plan.count]
            offset += plan.count
            results.append(fold(parts))
        }
        return results
    }

    /// The hash of a range from the hashes of its complete subtrees, left to right: they fold from the right.
    static func fold(_ parts: some BidirectionalCollection<MerkleHash>) -> MerkleHash {
        parts.dropLast().reversed().reduce(parts.last!) { nodeHash($1, $0) }
    }

    /// Splits a leaf range into the largest complete subtrees, left to right.
    static func completeSubtrees(covering range: Range<UInt64>) -> [MerkleNode] {
        precondition(!range.isEmpty, "an empty range has no subtree hash")
        var nodes: [MerkleNode] = []
        var start = range.lowerBound
        while start < range.upperBound {
            var level = 0
            // Compared by what remains rather than by the end, so trees near 2^64 leaves cannot overflow.
            while level < 63, start & ((1 << UInt64(level + 1)) - 1) == 0,
                1 << UInt64(level + 1) <= range.upperBound - start
            {
                level += 1
            }
            nodes.append(MerkleNode(level: level, index: start >> UInt64(level)))
            start += 1 << UInt64(level)
        }
        return nodes
    }

    /// The number of leaves in a range; `Range.count` is an `Int` and would trap on trees past 2^63 leaves, which
    /// a hostile checkpoint may claim.
    static func width(_ range: Range<UInt64>) -> UInt64 { range.upperBound - range.lowerBound }

    /// The largest power of two strictly below `count` (which must be at least 2): RFC 6962's split point.
    static func split(_ count: UInt64) -> UInt64 {
        precondition(count >= 2, "only ranges of two or more leaves split")
        return 1 << UInt64(63 - (count - 1).leadingZeroBitCount)
    }

    private static func digest(_ bytes: [UInt8]) -> MerkleHash {
        MerkleHash(bytes: SHA256.hash(data: bytes))!
    }
}
