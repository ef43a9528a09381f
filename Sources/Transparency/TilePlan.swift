/// Where the hashes of some nodes lie in a tree's tiles: the tiles to read, and how each hash comes from them.
///
/// Reading the tiles is left to the caller, so a reader with a blocking database session inside a transaction and
/// an asynchronous one (``TileHashReader``) share the one way of finding hashes in tiles.
public struct TilePlan: Sendable {
    /// The tiles to read, each once, in the order the hashes first need them.
    public let tiles: [Tile]
    /// For each node asked: its tile, the offset of its first hash there, and its height above the tile's level.
    private let located: [(tile: Tile, first: Int, height: Int)]

    /// Plans the reading of `nodes` from the tiles of a tree of `treeSize` leaves; throws
    /// ``ProofError/missingHash(_:)`` for a node not complete in that tree.
    public init(nodes: [MerkleNode], treeSize: UInt64) throws(ProofError) {
        var tiles: [Tile] = []
        var located: [(tile: Tile, first: Int, height: Int)] = []
        for node in nodes {
            let tileLevel = node.level / Tile.height
            let height = node.level % Tile.height
            // The node's leaves at the tile's level: a run of 2^height hashes inside one tile.
            let first = node.index << UInt64(height)
            let tileIndex = first / UInt64(Tile.fullWidth)
            guard tileLevel <= Tile.maximumLevel, node.endLeaf <= treeSize,
                let tile = Tile.tile(level: tileLevel, index: tileIndex, treeSize: treeSize)
            else { throw .missingHash(node) }
            if !tiles.contains(tile) { tiles.append(tile) }
            located.append((tile, Int(first % UInt64(Tile.fullWidth)), height))
        }
        self.tiles = tiles
        self.located = located
    }

    /// The nodes' hashes from the bytes of ``tiles``, given in the same order; a hash between tile levels is
    /// recomputed from the tile below it.
    public func hashes(from data: [[UInt8]]) throws(TileError) -> [MerkleHash] {
        var decoded: [Tile: [MerkleHash]] = [:]
        for (tile, bytes) in zip(tiles, data) { decoded[tile] = try tile.hashes(from: bytes) }
        return located.map { place in
            var level = Array(decoded[place.tile]![place.first..<place.first + (1 << place.height)])
            while level.count > 1 {
                level = stride(from: 0, to: level.count, by: 2).map { MerkleTree.nodeHash(level[$0], level[$0 + 1]) }
            }
            return level[0]
        }
    }
}
