/// The result of appending leaves to a tiled tree: the tiles to write and the new tree's root.
///
/// Built from the old tree's hashes and the new leaves alone, so a builder never rereads the whole log, and
/// appending in any batches yields the same tiles as building from scratch.
public struct TileBatch: Sendable {
    /// The tree size after the append.
    public let treeSize: UInt64
    /// The root of the tree of ``treeSize`` leaves, for the next checkpoint.
    public let root: MerkleHash
    /// Every tile the new tree has and the old one had not, with its bytes, lowest level first.
    public let tiles: [(tile: Tile, data: [UInt8])]

    /// The old tree's hashes that appending `count` leaves to a tree of `oldSize` leaves needs: the subtrees the
    /// new leaves complete, the hashes already in the tiles they extend, and the old right edge for the root.
    public static func oldNodes(appending count: Int, to oldSize: UInt64) -> [MerkleNode] {
        let newSize = oldSize + UInt64(count)
        var nodes: Set<MerkleNode> = []
        for offset in 0..<count {
            for sibling in MerkleTree.siblingsNeeded(appendingAt: oldSize + UInt64(offset))
            where sibling.endLeaf <= oldSize {
                nodes.insert(sibling)
            }
        }
        for tile in Tile.tilesAdded(from: oldSize, to: newSize) {
            nodes.formUnion(tile.nodes.filter { $0.endLeaf <= oldSize })
        }
        if newSize > 0 {
            nodes.formUnion(MerkleTree.completeSubtrees(covering: 0..<newSize).filter { $0.endLeaf <= oldSize })
        }
        return nodes.sorted { ($0.level, $0.index) < ($1.level, $1.index) }
    }

    /// Appends `leaves` (leaf hashes) to the tree of `oldSize` leaves, given the hashes of
    /// ``oldNodes(appending:to:)``: the form for a builder that reads them inside its own transaction.
    public static func appending(
        _ leaves: [MerkleHash], to oldSize: UInt64, oldHashes: [MerkleNode: MerkleHash]
    ) -> TileBatch {
        let newSize = oldSize + UInt64(leaves.count)
        var known = oldHashes
        for (offset, leaf) in leaves.enumerated() {
            let index = oldSize + UInt64(offset)
            let siblings = MerkleTree.siblingsNeeded(appendingAt: index).map { known[$0]! }
            for completed in MerkleTree.nodesCompleted(appending: leaf, at: index, siblings: siblings) {
                known[completed.node] = completed.hash
            }
        }
        let tiles = Tile.tilesAdded(from: oldSize, to: newSize).map { tile in
            (tile: tile, data: tile.nodes.flatMap { known[$0]!.bytes })
        }
        let root =
            newSize == 0
            ? MerkleTree.emptyRoot
            : MerkleTree.fold(MerkleTree.completeSubtrees(covering: 0..<newSize).map { known[$0]! })
        return TileBatch(treeSize: newSize, root: root, tiles: tiles)
    }

    /// Appends `leaves` (leaf hashes) to the tree of `oldSize` leaves whose stored hashes `reader` serves
    /// (a ``TileHashReader`` over the stored tiles, say), reading each old hash it needs in one batch.
    public static func appending(
        _ leaves: [MerkleHash], to oldSize: UInt64, reader: some HashReader
    ) async throws -> TileBatch {
        let nodes = oldNodes(appending: leaves.count, to: oldSize)
        let hashes = try await reader.hashes(at: nodes)
        return appending(leaves, to: oldSize, oldHashes: Dictionary(uniqueKeysWithValues: zip(nodes, hashes)))
    }
}
