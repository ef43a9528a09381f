import Testing
import Transparency

/// Tile coordinates, paths and the hashes served from tiles, against the tlog-tiles rules.
@Suite struct TileTests {
    /// Serves tiles cut from an in-memory tree, as a tile store would after the builder wrote them.
    struct MemoryTiles: TileReader {
        let store: MemoryHashStore
        func read(tiles: [Tile]) async throws -> [[UInt8]] {
            var data: [[UInt8]] = []
            for tile in tiles { data.append(try await tile.data(reader: store)) }
            return data
        }
    }

    @Test func pathsUseThreeDigitGroups() {
        #expect(Tile(level: 0, index: 1_234_067).path == "tile/0/x001/x234/067")
        #expect(Tile(level: 2, index: 5, width: 17).path == "tile/2/005.p/17")
        #expect(Tile(level: 1, index: 1000).path == "tile/1/x001/000")
        #expect(Tile(level: 0, index: 0, width: 1).entriesPath == "tile/entries/000.p/1")
        #expect(Tile(level: 0, index: 273).entriesPath == "tile/entries/273")
    }

    @Test func pathsParseBackToTheirResource() throws {
        #expect(try TileResource(path: "tile/0/x001/x234/067") == .hashes(Tile(level: 0, index: 1_234_067)))
        #expect(try TileResource(path: "tile/3/x001/234.p/5") == .hashes(Tile(level: 3, index: 1234, width: 5)))
        #expect(try TileResource(path: "tile/entries/012.p/255") == .entries(Tile(level: 0, index: 12, width: 255)))
        for tile in Tile.tiles(treeSize: 70_000) {
            #expect(try TileResource(path: tile.path) == .hashes(tile))
        }
    }

    @Test func malformedPathsAreRefusedWithTheirReason() throws {
        #expect(throws: TileError.notATilePath("tiles/0/000")) { try TileResource(path: "tiles/0/000") }
        #expect(throws: TileError.badLevel("01")) { try TileResource(path: "tile/01/000") }
        #expect(throws: TileError.badLevel("8")) { try TileResource(path: "tile/8/000") }
        #expect(throws: TileError.badIndex("5")) { try TileResource(path: "tile/0/5") }
        #expect(throws: TileError.badIndex("001/234")) { try TileResource(path: "tile/0/001/234") }
        #expect(throws: TileError.badIndex("x000/005")) { try TileResource(path: "tile/0/x000/005") }
        // A tile starting past 2^64 leaves cannot exist; refusing it keeps later arithmetic from overflowing.
        #expect(throws: TileError.badIndex("x072/x057/x594/x037/x927/936")) {
            try TileResource(path: "tile/0/x072/x057/x594/x037/x927/936")
        }
        #expect(throws: TileError.badIndex("001")) { try TileResource(path: "tile/7/001") }
        #expect(try TileResource(path: "tile/7/000.p/1") == .hashes(Tile(level: 7, index: 0, width: 1)))
        #expect(throws: TileError.badWidth("256")) { try TileResource(path: "tile/0/000.p/256") }
        #expect(throws: TileError.badWidth("07")) { try TileResource(path: "tile/0/000.p/07") }
        #expect(TileError.badWidth("0").description == "tile width 0 is not a decimal from 1 to 255")
    }

    @Test func aTreeOf70000HasTheTilesTheSpecificationLists() {
        let tiles = Tile.tiles(treeSize: 70_000)
        #expect(tiles.filter { $0.level == 0 && !$0.isPartial }.count == 273)
        #expect(tiles.contains(Tile(level: 0, index: 273, width: 112)))
        #expect(tiles.contains(Tile(level: 1, index: 0)))
        #expect(tiles.contains(Tile(level: 1, index: 1, width: 17)))
        #expect(tiles.contains(Tile(level: 2, index: 0, width: 1)))
        #expect(tiles.count == 277)
        #expect(Tile.tiles(treeSize: 256) == [Tile(level: 0, index: 0), Tile(level: 1, index: 0, width: 1)])
        #expect(Tile.tiles(treeSize: 0).isEmpty)
    }

    @Test func growingATreeAddsExactlyTheTilesItLacked() {
        let sizes: [UInt64] = [0, 1, 255, 256, 257, 511, 512, 65_535, 65_536, 70_000]
        for old in sizes {
            for new in sizes where new >= old {
                let before = Set(Tile.tiles(treeSize: old))
                let expected = Set(Tile.tiles(treeSize: new)).subtracting(before)
                #expect(Set(Tile.tilesAdded(from: old, to: new)) == expected, "from \(old) to \(new)")
            }
        }
    }

    @Test func rootsAndProofsFromTilesMatchTheTree() async throws {
        let entries = (0..<600).map { Array("entry \($0)".utf8) }
        let store = MemoryHashStore(entries: entries)
        for size: UInt64 in [1, 2, 255, 256, 257, 300, 512, 513, 600] {
            let tiles = TileHashReader(treeSize: size, source: MemoryTiles(store: store))
            let root = try await MerkleTree.rootHash(size: size, reader: store)
            #expect(try await MerkleTree.rootHash(size: size, reader: tiles) == root)
            for index in [0, size / 2, size - 1] {
                let fromTiles = try await InclusionProof.make(index: index, treeSize: size, reader: tiles)
                #expect(fromTiles == (try await InclusionProof.make(index: index, treeSize: size, reader: store)))
            }
            let consistency = try await ConsistencyProof.make(oldSize: size / 3, newSize: size, reader: tiles)
            #expect(consistency == (try await ConsistencyProof.make(oldSize: size / 3, newSize: size, reader: store)))
        }
    }

    @Test func tilesRefuseHashesBeyondTheirTree() async throws {
        let store = MemoryHashStore(entries: (0..<300).map { Array("entry \($0)".utf8) })
        let tiles = TileHashReader(treeSize: 300, source: MemoryTiles(store: store))
        await #expect(throws: ProofError.missingHash(MerkleNode(level: 0, index: 300))) {
            try await tiles.hashes(at: [MerkleNode(level: 0, index: 300)])
        }
        await #expect(throws: ProofError.missingHash(MerkleNode(level: 9, index: 0))) {
            try await tiles.hashes(at: [MerkleNode(level: 9, index: 0)])
        }
        #expect(throws: TileError.wrongDataSize(tile: "tile/0/000.p/2", expected: 64, actual: 63)) {
            try Tile(level: 0, index: 0, width: 2).hashes(from: Array(repeating: 0, count: 63))
        }
    }

    @Test func entryBundlesRoundTrip() throws {
        let entries: [[UInt8]] = [[], [1, 2, 3], Array(repeating: 7, count: 300)]
        #expect(try EntryBundle.decode(EntryBundle.encode(entries)) == entries)
        #expect(throws: TileError.malformedEntryBundle("entry 1 runs past the end")) {
            try EntryBundle.decode([0, 1, 9, 0, 5, 1])
        }
    }
}
