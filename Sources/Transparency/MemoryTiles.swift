/// Tiles held in memory, by tile (its width included): a client's copy of another log's tiles before they are
/// checked or written anywhere.
public struct MemoryTiles: TileReader {
    /// Each tile's bytes.
    public let tiles: [Tile: [UInt8]]

    /// Serves `tiles`.
    public init(tiles: [Tile: [UInt8]]) { self.tiles = tiles }

    /// Each tile's bytes, in the order asked; a tile not held throws ``TileError/missing(_:)``.
    public func read(tiles wanted: [Tile]) async throws -> [[UInt8]] {
        try wanted.map { tile in
            guard let bytes = tiles[tile] else { throw TileError.missing(tile.path) }
            return bytes
        }
    }

    /// Checks that these are exactly the tiles of the tree of `size` leaves whose root is `root`: every full tile
    /// hashes up to the entry its parent tile holds for it, and the right edge (the partial tiles) to the root.
    /// A root check alone would read only the right edge, and leave every full tile below it unchecked.
    public func verify(size: UInt64, root: MerkleHash) async throws {
        let all = Tile.tiles(treeSize: size)
        if let absent = all.first(where: { tiles[$0] == nil }) { throw TileError.missing(absent.path) }
        for tile in all {
            let hashes = try tile.hashes(from: tiles[tile] ?? [])
            guard !tile.isPartial else { continue }
            // A full tile's parent is a tile of the same tree, so it is among those just found present.
            guard
                let parent = Tile.tile(
                    level: tile.level + 1, index: tile.index / UInt64(Tile.fullWidth), treeSize: size),
                let parentBytes = tiles[parent]
            else { throw TileError.missing("level \(tile.level + 1) above \(tile.path)") }
            let entry = try parent.hashes(from: parentBytes)[Int(tile.index % UInt64(Tile.fullWidth))]
            guard Self.subtreeRoot(hashes) == entry else { throw TileError.mismatch(tile.path) }
        }
        let reader = TileHashReader(treeSize: size, source: self)
        guard try await MerkleTree.rootHash(size: size, reader: reader) == root else {
            throw TileError.mismatch("the right edge of the tree")
        }
    }

    /// The root of the complete subtree whose bottom row is `hashes` (a full tile's 256).
    private static func subtreeRoot(_ hashes: [MerkleHash]) -> MerkleHash {
        var row = hashes
        while row.count > 1 {
            row = stride(from: 0, to: row.count, by: 2).map { MerkleTree.nodeHash(row[$0], row[$0 + 1]) }
        }
        return row[0]
    }
}
