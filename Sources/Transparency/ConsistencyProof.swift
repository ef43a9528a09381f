/// An RFC 6962 consistency proof: the hashes showing that the tree of `newSize` leaves extends the tree of
/// `oldSize` leaves, both as prefixes of one log.
public struct ConsistencyProof: Sendable, Hashable {
    /// The size of the older, smaller tree.
    public let oldSize: UInt64
    /// The size of the newer tree.
    public let newSize: UInt64
    /// The proof's hashes, in RFC 6962 section 2.1.2's order.
    public let hashes: [MerkleHash]

    /// Wraps a proof read from elsewhere; ``verify(oldRoot:newRoot:)`` judges it.
    public init(oldSize: UInt64, newSize: UInt64, hashes: [MerkleHash]) {
        self.oldSize = oldSize
        self.newSize = newSize
        self.hashes = hashes
    }

    /// Makes the proof from `oldSize` to `newSize` from the stored hashes; empty when the sizes are equal or the
    /// old tree is empty, since then nothing needs proving beyond the roots themselves.
    public static func make(oldSize: UInt64, newSize: UInt64, reader: some HashReader) async throws -> Self {
        guard oldSize <= newSize else { throw ProofError.sizesOutOfOrder(old: oldSize, new: newSize) }
        let hashes = try await MerkleTree.hashes(of: ranges(oldSize: oldSize, newSize: newSize), reader: reader)
        return Self(oldSize: oldSize, newSize: newSize, hashes: hashes)
    }

    /// Checks that ``hashes`` lead to both roots; throws the first reason they do not.
    public func verify(oldRoot: MerkleHash, newRoot: MerkleHash) throws {
        guard oldSize <= newSize else { throw ProofError.sizesOutOfOrder(old: oldSize, new: newSize) }
        let expected = Self.ranges(oldSize: oldSize, newSize: newSize).count
        guard hashes.count == expected else {
            throw ProofError.wrongProofLength(expected: expected, actual: hashes.count)
        }
        if oldSize == newSize {
            guard oldRoot == newRoot else { throw ProofError.sameSizeDifferentRoots(size: oldSize) }
            return
        }
        // The empty tree is a prefix of every tree; its root is fixed, so only that needs checking.
        if oldSize == 0 {
            guard oldRoot == MerkleTree.emptyRoot else {
                throw ProofError.oldRootMismatch(expected: oldRoot, computed: MerkleTree.emptyRoot)
            }
            return
        }
        // RFC 9162 section 2.1.4.2. When the old tree is a complete subtree its root is the proof's implicit
        // first hash, which the generator leaves out.
        var path = hashes
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        var position = oldSize - 1
        var last = newSize - 1
        while position & 1 == 1 {
            position >>= 1
            last >>= 1
        }
        var oldComputed = path[0]
        var newComputed = path[0]
        for hash in path.dropFirst() {
            if position & 1 == 1 || position == last {
                oldComputed = MerkleTree.nodeHash(hash, oldComputed)
                newComputed = MerkleTree.nodeHash(hash, newComputed)
                while position & 1 == 0 && position != 0 {
                    position >>= 1
                    last >>= 1
                }
            } else {
                newComputed = MerkleTree.nodeHash(newComputed, hash)
            }
            position >>= 1
            last >>= 1
        }
        guard oldComputed == oldRoot else {
            throw ProofError.oldRootMismatch(expected: oldRoot, computed: oldComputed)
        }
        guard newComputed == newRoot else { throw ProofError.rootMismatch(expected: newRoot, computed: newComputed) }
    }

    /// The leaf ranges whose subtree hashes form the proof (RFC 6962 section 2.1.2's SUBPROOF), in proof order.
    static func ranges(oldSize: UInt64, newSize: UInt64) -> [Range<UInt64>] {
        guard oldSize > 0, oldSize < newSize else { return [] }
        var bounds = 0..<newSize
        // Whether the current subtree lies wholly inside the old tree's left edge, whose root the verifier has.
        var knownToVerifier = true
        var hashes: [Range<UInt64>] = []
        while oldSize != bounds.upperBound {
            let middle = bounds.lowerBound + MerkleTree.split(MerkleTree.width(bounds))
            if oldSize <= middle {
                hashes.append(middle..<bounds.upperBound)
                bounds = bounds.lowerBound..<middle
            } else {
                hashes.append(bounds.lowerBound..<middle)
                bounds = middle..<bounds.upperBound
                knownToVerifier = false
            }
        }
        if !knownToVerifier { hashes.append(bounds) }
        return hashes.reversed()
    }
}
