import EventStore
import Foundation
public import Postgres
public import Transparency

/// The log's Merkle tree as the database keeps it (`log_leaves`, `log_tiles`; see migrations/0030_log_tree.sql).
///
/// Reads come in two forms over one statement each: blocking, on a builder's session inside its transaction, and
/// asynchronous, on a connection, for serving and proofs.
public enum LogTreeStore {
    /// The number of leaves the tree has: one past the last leaf's index.
    static let sizeQuery = "SELECT coalesce(max(leaf_index) + 1, 0) AS size FROM log_leaves"

    /// The stored rows of the tiles asked (levels and indexes as two arrays).
    static let tilesQuery = """
        SELECT t.level::int4 AS level, t.tile_index, t.hashes
        FROM unnest($1::int4[], $2::int8[]) AS w(level, tile_index)
        JOIN log_tiles t ON t.level = w.level AND t.tile_index = w.tile_index
        """

    /// The number of leaves in the tree as built so far.
    public static func size(on connection: Connection) async throws -> UInt64 {
        UInt64(try await connection.query(sizeQuery)[0].decode("size", as: Int64.self))
    }

    /// The number of leaves, inside a transaction.
    static func size(_ session: Session) throws -> UInt64 {
        UInt64(try session.query(sizeQuery)[0].decode("size", as: Int64.self))
    }

    /// Each tile's bytes as the tree of the tiles' own widths has them, in the order asked.
    static func read(_ tiles: [Tile], _ session: Session) throws -> [[UInt8]] {
        try bytes(of: tiles, from: try session.query(tilesQuery, parameters(tiles)))
    }

    /// Each tile's bytes, on a connection.
    public static func read(_ tiles: [Tile], on connection: Connection) async throws -> [[UInt8]] {
        try bytes(of: tiles, from: try await connection.query(tilesQuery, parameters(tiles)))
    }

    /// The entries (chain hashes) of the leaves a level 0 tile covers, as far as the tree has them.
    public static func entries(of tile: Tile, on connection: Connection) async throws -> [[UInt8]] {
        // Past 2^63 leaves no database holds a tree: a hostile index gets no entries rather than an overflow.
        let (first, overflow) = Int64(tile.index).multipliedReportingOverflow(by: Int64(Tile.fullWidth))
        guard !overflow, first <= Int64.max - Int64(Tile.fullWidth) else { return [] }
        let positions = try await connection.query(
            "SELECT position FROM log_leaves WHERE leaf_index >= $1 AND leaf_index < $2 ORDER BY leaf_index",
            [first, first + Int64(tile.width)]
        ).map { try $0.decode("position", as: Int64.self) }
        return try await EventStore.hashes(at: positions, on: connection)
    }

    /// Writes a batch's tiles (each replacing its narrower self) and which event each new leaf is.
    static func write(_ batch: TileBatch, positions: [Int64], firstLeaf: UInt64, _ session: Session) throws {
        for (tile, data) in batch.tiles {
            try session.execute(
                """
                INSERT INTO log_tiles (level, tile_index, hashes) VALUES ($1, $2, $3)
                ON CONFLICT (level, tile_index) DO UPDATE SET hashes = excluded.hashes
                """, [Int32(tile.level), Int64(tile.index), Data(data)])
        }
        let indexes = positions.indices.map { Int64(firstLeaf) + Int64($0) }
        try session.execute(
            "INSERT INTO log_leaves (leaf_index, position) SELECT * FROM unnest($1::int8[], $2::int8[])",
            [indexes, positions])
    }

    private static func parameters(_ tiles: [Tile]) -> [(any PostgresEncodable)?] {
        [tiles.map { Int32($0.level) }, tiles.map { Int64($0.index) }]
    }

    /// Cuts each stored row to the width asked; a tile stored narrower than asked is missing.
    private static func bytes(of tiles: [Tile], from rows: QueryResult) throws -> [[UInt8]] {
        var stored: [Tile: [UInt8]] = [:]
        for row in rows {
            let tile = Tile(
                level: Int(try row.decode("level", as: Int32.self)),
                index: UInt64(try row.decode("tile_index", as: Int64.self)))
            stored[tile] = Array(try row.decode("hashes", as: Data.self))
        }
        return try tiles.map { tile in
            let full = Tile(level: tile.level, index: tile.index)
            let length = tile.width * MerkleHash.byteCount
            guard let bytes = stored[full], bytes.count >= length else { throw TileMissing(tile: tile) }
            return Array(bytes.prefix(length))
        }
    }
}
