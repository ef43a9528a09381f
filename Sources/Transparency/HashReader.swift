/// Reads the stored hashes of complete subtrees, wherever a log keeps them (memory, tiles, a database).
///
/// Proofs and roots are computed from these alone, so one reader serves every proof of a tree.
public protocol HashReader: Sendable {
    /// Returns the hash of each node, in the order asked; throws if any of them is not stored.
    func hashes(at nodes: [MerkleNode]) async throws -> [MerkleHash]
}
