/// Serves any stored hash of a tree of a fixed size from its tiles, so that roots and proofs come from tiles.
///
/// A hash between tile levels is recomputed from the tile below it. The tiles are trusted as read; a client of
/// another log's tiles checks the root it gets against a signed checkpoint.
public struct TileHashReader<Source: TileReader>: HashReader {
    /// The size of the tree whose tiles are read: it decides which partial tiles exist.
    public let treeSize: UInt64
    /// Where the tiles come from.
    public let source: Source

    /// Reads the hashes of the tree of `treeSize` leaves from the tiles `source` holds.
    public init(treeSize: UInt64, source: Source) {
        self.treeSize = treeSize
        self.source = source
    }

    /// Returns each node's hash, reading each tile needed once; throws ``ProofError/missingHash(_:)`` for a node
    /// not complete in this tree.
    public func hashes(at nodes: [MerkleNode]) async throws -> [MerkleHash] {
        let plan = try TilePlan(nodes: nodes, treeSize: treeSize)
        return try plan.hashes(from: try await source.read(tiles: plan.tiles))
    }
}
