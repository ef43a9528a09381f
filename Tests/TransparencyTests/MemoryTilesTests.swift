import Testing
import Transparency

/// A client's check of another log's tiles: every full tile against its parent, the right edge against the root.
@Suite struct MemoryTilesTests {
    /// Every tile of the tree of `size` leaves of `fixture`, as a log serves them.
    static func tiles(_ fixture: LogFixture, size: UInt64) async throws -> [Tile: [UInt8]] {
        var tiles: [Tile: [UInt8]] = [:]
        for tile in Tile.tiles(treeSize: size) { tiles[tile] = try await tile.data(reader: fixture.store) }
        return tiles
    }

    @Test func theTilesOfATreeVerifyAgainstItsRoot() async throws {
        let fixture = LogFixture(size: 600)
        let root = try await MerkleTree.rootHash(size: 600, reader: fixture.store)
        try await MemoryTiles(tiles: try await Self.tiles(fixture, size: 600)).verify(size: 600, root: root)
    }

    @Test func aFullTileBelowTheRightEdgeIsCheckedToo() async throws {
        // The root alone reads the right edge only: in a tree of 600 leaves, tile/0/000 and tile/0/001 never enter
        // it (tile/1/000 stands in for them), so a false leaf in them is caught by its parent tile's entry.
        let fixture = LogFixture(size: 600)
        let root = try await MerkleTree.rootHash(size: 600, reader: fixture.store)
        var tiles = try await Self.tiles(fixture, size: 600)
        tiles[Tile(level: 0, index: 1)]?[40] ^= 1
        let memory = MemoryTiles(tiles: tiles)
        #expect(try await MerkleTree.rootHash(size: 600, reader: TileHashReader(treeSize: 600, source: memory)) == root)
        await #expect(throws: TileError.mismatch("tile/0/001")) { try await memory.verify(size: 600, root: root) }
        var edge = try await Self.tiles(fixture, size: 600)
        edge[Tile(level: 0, index: 2, width: 88)]?[0] ^= 1
        await #expect(throws: TileError.mismatch("the right edge of the tree")) {
            try await MemoryTiles(tiles: edge).verify(size: 600, root: root)
        }
        var missing = try await Self.tiles(fixture, size: 600)
        missing[Tile(level: 1, index: 0, width: 2)] = nil
        await #expect(throws: TileError.missing("tile/1/000.p/2")) {
            try await MemoryTiles(tiles: missing).verify(size: 600, root: root)
        }
    }
}
