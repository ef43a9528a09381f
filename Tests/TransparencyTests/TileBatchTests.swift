import Testing
import Transparency

/// Building tiles incrementally, the way a log's builder follows the log.
@Suite struct TileBatchTests {
    /// Tiles kept in a dictionary by path, as a tile store would keep them.
    struct StoredTiles: TileReader {
        var byPath: [String: [UInt8]] = [:]
        func read(tiles: [Tile]) async throws -> [[UInt8]] {
            try tiles.map { tile in
                guard let data = byPath[tile.path] else { throw TileError.notATilePath(tile.path) }
                return data
            }
        }
    }

    @Test func batchesOfAnySizeBuildTheSameTilesAsOneBuild() async throws {
        let leaves = (0..<700).map { MerkleTree.leafHash(Array("event \($0)".utf8)) }
        var whole = MemoryHashStore()
        for leaf in leaves { whole.append(leafHash: leaf) }
        for batch in [1, 7, 255, 256, 300, 700] {
            var stored = StoredTiles()
            var size: UInt64 = 0
            for start in stride(from: 0, to: leaves.count, by: batch) {
                let chunk = Array(leaves[start..<min(start + batch, leaves.count)])
                let reader = TileHashReader(treeSize: size, source: stored)
                let result = try await TileBatch.appending(chunk, to: size, reader: reader)
                for (tile, data) in result.tiles { stored.byPath[tile.path] = data }
                size = result.treeSize
                #expect(result.root == (try await MerkleTree.rootHash(size: size, reader: whole)), "batch \(batch)")
            }
            for tile in Tile.tiles(treeSize: 700) {
                #expect(stored.byPath[tile.path] == (try await tile.data(reader: whole)), "\(tile) batch \(batch)")
            }
        }
    }
}
