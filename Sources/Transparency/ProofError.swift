/// Why a Merkle proof could not be made or did not verify; each case names the numbers involved.
public enum ProofError: Error, Equatable, CustomStringConvertible {
    /// The leaf index is not inside the tree.
    case indexOutOfRange(index: UInt64, size: UInt64)
    /// A consistency proof was asked from a larger tree to a smaller one.
    case sizesOutOfOrder(old: UInt64, new: UInt64)
    /// The proof has a different number of hashes than the sizes call for.
    case wrongProofLength(expected: Int, actual: Int)
    /// The proof leads to a root other than the one it should prove.
    case rootMismatch(expected: MerkleHash, computed: MerkleHash)
    /// A consistency proof does not reproduce the older tree's root.
    case oldRootMismatch(expected: MerkleHash, computed: MerkleHash)
    /// Two trees of the same size have different roots.
    case sameSizeDifferentRoots(size: UInt64)
    /// A reader was asked for a hash it does not hold.
    case missingHash(MerkleNode)

    /// A sentence naming what is wrong, fit for a command's error message.
    public var description: String {
        switch self {
        case .indexOutOfRange(let index, let size):
            "leaf index \(index) is not inside a tree of size \(size)"
        case .sizesOutOfOrder(let old, let new):
            "the old tree size \(old) is larger than the new tree size \(new)"
        case .wrongProofLength(let expected, let actual):
            "the proof has \(actual) hashes where \(expected) are needed"
        case .rootMismatch(let expected, let computed):
            "the proof leads to root \(computed), not to the expected root \(expected)"
        case .oldRootMismatch(let expected, let computed):
            "the proof leads to old root \(computed), not to the expected old root \(expected)"
        case .sameSizeDifferentRoots(let size):
            "two trees of size \(size) have different roots"
        case .missingHash(let node):
            "no hash is stored for node \(node)"
        }
    }
}
