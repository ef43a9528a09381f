import Coding
import EventStore
import Foundation
import Galley
import Postgres
import TestSupport
import Testing
import Transparency

@Suite("The log's Merkle tree over the real log")
struct LogTreeTests {
    /// Appends `count` events over a few streams, burning a position now and then so that the log has gaps.
    static func append(_ count: Int, to store: EventStore, gapsOn connection: Connection) async throws {
        for index in 0..<count {
            if index % 37 == 5 { try await connection.execute("SELECT nextval('events_position_seq')") }
            try await store.append(
                to: "story-\(index % 5)", expected: .any, events: [NewEvent(type: "Edited", data: .int(Int64(index)))],
                metadata: EventMetadata(actor: "reporter:ana"))
        }
    }

    /// The tree built in memory from the events' chain hashes, in the log's order.
    static func memoryTree(_ connection: Connection) async throws -> MemoryHashStore {
        let hashes = try await connection.query("SELECT hash FROM events ORDER BY position").map {
            Array(try $0.decode("hash", as: Data.self))
        }
        return MemoryHashStore(entries: hashes)
    }

    /// Each leaf's index and event position, in leaf order, from the rows of 256.
    static let leavesQuery = """
        SELECT tile_index * 256 + o - 1 AS leaf_index, p AS position
        FROM log_leaf_tiles, unnest(positions) WITH ORDINALITY AS u(p, o) ORDER BY 1
        """

    /// Every stored tile and leaf, as text, for comparing two builds.
    static func snapshot(_ connection: Connection) async throws -> [String] {
        let tiles = try await connection.query(
            "SELECT level, tile_index, encode(hashes, 'hex') AS h FROM log_tiles ORDER BY level, tile_index"
        ).map {
            "\(try $0.decode("level", as: Int32.self))/\(try $0.decode("tile_index", as: Int64.self)) \(try $0.decode("h", as: String.self))"
        }
        let leaves = try await connection.query(Self.leavesQuery).map {
            "leaf \(try $0.decode("leaf_index", as: Int64.self)) = #\(try $0.decode("position", as: Int64.self))"
        }
        return tiles + leaves
    }

    @Test("built in small batches over a log with gaps, the stored tiles equal the tree built in memory")
    func builderEqualsMemoryTree() async throws {
        try await TestDatabase.withStore { store, configuration in
            let connection = try await Connection.connect(configuration)
            var builder = LogTreeBuilder(configuration: configuration)
            builder.batchSize = 7
            for _ in 0..<4 {
                try await Self.append(150, to: store, gapsOn: connection)
                try await builder.catchUp()
            }
            let memory = try await Self.memoryTree(connection)
            #expect(memory.size == 600)
            #expect(try await LogTreeStore.size(on: connection) == 600)
            // Leaf i is the i-th event, whatever its position.
            let positions = try await connection.query("SELECT position FROM events ORDER BY position").map {
                try $0.decode("position", as: Int64.self)
            }
            let leaves = try await connection.query(Self.leavesQuery).map {
                try $0.decode("position", as: Int64.self)
            }
            #expect(leaves == positions)
            #expect(positions.last! > 600, "the log has gaps")
            let stored = StoredTiles(connection: connection)
            for tile in Tile.tiles(treeSize: 600) {
                #expect(try await stored.read(tiles: [tile])[0] == (try await tile.data(reader: memory)), "\(tile)")
            }
            let reader = TileHashReader(treeSize: 600, source: stored)
            #expect(
                try await MerkleTree.rootHash(size: 600, reader: reader)
                    == (try await MerkleTree.rootHash(size: 600, reader: memory)))
            await connection.close()
        }
    }

    @Test("a rebuild from the log writes the same tiles and leaves, byte for byte")
    func rebuildGivesTheSameTiles() async throws {
        try await TestDatabase.withStore { store, configuration in
            let connection = try await Connection.connect(configuration)
            var builder = LogTreeBuilder(configuration: configuration)
            builder.batchSize = 3
            for _ in 0..<3 {
                try await Self.append(100, to: store, gapsOn: connection)
                try await builder.catchUp()
            }
            let built = try await Self.snapshot(connection)
            try await LogTreeBuilder.reset(on: connection)
            #expect(try await LogTreeStore.size(on: connection) == 0)
            builder.batchSize = 5_000
            try await builder.catchUp()
            #expect(try await Self.snapshot(connection) == built)
            await connection.close()
        }
    }

    @Test("checkpoints sign the tree's root, one for each size, each consistent with the one before")
    func checkpointsAreSignedAndKept() async throws {
        try await TestDatabase.withStore { store, configuration in
            let connection = try await Connection.connect(configuration)
            let builder = LogTreeBuilder(configuration: configuration)
            let signer = try NoteSigner.generate(name: "news.example/log")
            let checkpointer = LogCheckpointer(signer: signer)
            try await Self.append(30, to: store, gapsOn: connection)
            try await builder.catchUp()
            let first = try #require(try await checkpointer.sign(on: connection))
            #expect(try await checkpointer.sign(on: connection) == nil, "nothing new to sign")
            try await Self.append(13, to: store, gapsOn: connection)
            try await builder.catchUp()
            let second = try #require(try await checkpointer.sign(on: connection))
            let memory = try await Self.memoryTree(connection)
            for signed in [first, second] {
                let note = try SignedNote(parsing: signed.note)
                #expect(try note.verify(by: [signer.verifier]) == [signer.verifier])
                let checkpoint = try Checkpoint(text: note.text)
                #expect(checkpoint.origin == "news.example/log")
                #expect(checkpoint.root == (try await MerkleTree.rootHash(size: checkpoint.size, reader: memory)))
            }
            #expect([first.size, second.size] == [30, 43])
            let kept = try await connection.query("SELECT tree_size FROM log_checkpoints ORDER BY tree_size").map {
                try $0.decode("tree_size", as: Int64.self)
            }
            #expect(kept == [30, 43])
            #expect(try await LogCheckpointer.latest(on: connection) == second)
            await connection.close()
        }
    }

    @Test("no checkpoint is signed for a tree that does not extend the latest one")
    func inconsistentTreeIsNotSigned() async throws {
        try await TestDatabase.withStore { store, configuration in
            let connection = try await Connection.connect(configuration)
            let builder = LogTreeBuilder(configuration: configuration)
            let checkpointer = LogCheckpointer(signer: try NoteSigner.generate(name: "news.example/log"))
            try await Self.append(30, to: store, gapsOn: connection)
            try await builder.catchUp()
            _ = try await checkpointer.sign(on: connection)
            let realRoot = try await MerkleTree.rootHash(size: 30, reader: try await Self.memoryTree(connection))
            // The kept checkpoint now says another tree of 30 leaves was signed: the tree no longer extends it.
            try await connection.execute("UPDATE log_checkpoints SET root = $1", [Data(MerkleTree.emptyRoot.bytes)])
            try await Self.append(10, to: store, gapsOn: connection)
            try await builder.catchUp()
            let proof = ProofError.oldRootMismatch(expected: MerkleTree.emptyRoot, computed: realRoot)
            await #expect(
                throws: GalleyError.conflict(
                    "refused to sign: the log's tree of 40 leaves does not extend the checkpoint of 30 leaves signed "
                        + "before (\(proof)); the log or its tree was changed")
            ) { try await checkpointer.sign(on: connection) }
            let kept = try await connection.query("SELECT count(*) AS n FROM log_checkpoints")[0].decode(
                "n", as: Int64.self)
            #expect(kept == 1)
            await connection.close()
        }
    }
}
