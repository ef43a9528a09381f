/// An RFC 6962 audit path: the hashes that bind one leaf to the root of a tree of a given size.
///
/// The hashes run from the leaf's sibling up to a child of the root, as RFC 9162 section 2.1.3 orders them.
public struct InclusionProof: Sendable, Hashable {
    /// The zero-based position of the leaf in the log.
    public let index: UInt64
    /// The number of leaves in the tree the proof is for.
    public let treeSize: UInt64
    /// The sibling hashes, lowest first.
    public let hashes: [MerkleHash]

    /// Wraps a proof read from elsewhere; ``verify(leafHash:root:)`` judges it.
    public init(index: UInt64, treeSize: UInt64, hashes: [MerkleHash]) {
        self.index = index
        self.treeSize = treeSize
        self.hashes = hashes
    }

    /// Makes the proof for the leaf at `index` in the tree of `treeSize` leaves, from the stored hashes.
    public static func make(index: UInt64, treeSize: UInt64, reader: some HashReader) async throws -> Self {
        guard index < treeSize else { throw ProofError.indexOutOfRange(index: index, size: treeSize) }
        let hashes = try await MerkleTree.hashes(of: ranges(index: index, treeSize: treeSize), reader: reader)
        return Self(index: index, treeSize: treeSize, hashes: hashes)
    }

    /// Checks that the leaf hash at ``index`` leads to `root` through ``hashes``; throws the first reason it does
    /// not.
    public func verify(leafHash: MerkleHash, root: MerkleHash) throws {
        guard index < treeSize else { throw ProofError.indexOutOfRange(index: index, size: treeSize) }
        // The shape of the path depends only on the index and size, so a wrong count is named before any hashing.
        let expected = Self.ranges(index: index, treeSize: treeSize).count
        guard hashes.count == expected else {
            throw ProofError.wrongProofLength(expected: expected, actual: hashes.count)
        }
        // RFC 9162 section 2.1.3.2: walk up from the leaf; `last` tracks the rightmost leaf of the current subtree.
        var position = index
        var last = treeSize - 1
        var computed = leafHash
        for sibling in hashes {
            if position & 1 == 1 || position == last {
                computed = MerkleTree.nodeHash(sibling, computed)
                // A node with no right sibling is carried up unchanged until it becomes a right child.
                while position & 1 == 0 && position != 0 {
                    position >>= 1
                    last >>= 1
                }
            } else {
                computed = MerkleTree.nodeHash(computed, sibling)
            }
            position >>= 1
            last >>= 1
        }
        guard computed == root else { throw ProofError.rootMismatch(expected: root, computed: computed) }
    }

    /// The leaf ranges whose subtree hashes form the path, lowest first (RFC 6962 section 2.1.1's PATH).
    static func ranges(index: UInt64, treeSize: UInt64) -> [Range<UInt64>] {
        var bounds = 0..<treeSize
        var siblings: [Range<UInt64>] = []
        while MerkleTree.width(bounds) > 1 {
            let middle = bounds.lowerBound + MerkleTree.split(MerkleTree.width(bounds))
            if index < middle {
                siblings.append(middle..<bounds.upperBound)
                bounds = bounds.lowerBound..<middle
            } else {
                siblings.append(bounds.lowerBound..<middle)
                bounds = middle..<bounds.upperBound
            }
        }
        return siblings.reversed()
    }
}
