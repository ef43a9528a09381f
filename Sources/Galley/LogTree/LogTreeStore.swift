import EventStore
import Foundation
public import Postgres
public import Transparency

/// The log's Merkle tree as the database keeps it (`log_leaf_tiles`, `log_tiles`; see migrations/0030_log_tree.sql).
///
/// Reads come in two forms over one statement each: blocking, on a builder's session inside its transaction, and
/// asynchronous, on a connection, for serving and proofs.
public enum LogTreeStore {
    /// The number of leaves the tree has: one past the last leaf's index.
    static let sizeQuery = """
        SELECT coalesce(
            (SELECT tile_index * 256 + cardinality(positions) FROM log_leaf_tiles ORDER BY tile_index DESC LIMIT 1), 0
        ) AS size
        """

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
        // A tile's index is below 2^56 (TileResource holds it there), so it fits the column.
        let rows = try await connection.query(
            "SELECT positions FROM log_leaf_tiles WHERE tile_index = $1", [Int64(tile.index)])
        let positions = try rows.first?.decode("positions", as: [Int64].self) ?? []
        return try await EventStore.hashes(at: Array(positions.prefix(tile.width)), on: connection)
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
        // The new leaves' positions, a row a level 0 tile: a partial row grows by what the batch adds to it.
        var leaf = firstLeaf
        var next = positions[...]
        while let first = next.first {
            let tile = leaf / UInt64(Tile.fullWidth)
            let room = Tile.fullWidth - Int(leaf % UInt64(Tile.fullWidth))
            let part = Array(next.prefix(room))
            try session.execute(
                """
                INSERT INTO log_leaf_tiles (tile_index, first_position, positions) VALUES ($1, $2, $3)
                ON CONFLICT (tile_index) DO UPDATE SET positions = log_leaf_tiles.positions || excluded.positions
                """, [Int64(tile), first, part])
            leaf += UInt64(part.count)
            next = next.dropFirst(part.count)
        }
    }

    /// The leaf index of the event at `position`, if the tree holds it.
    public static func leafIndex(position: Int64, on connection: Connection) async throws -> UInt64? {
        let rows = try await connection.query(
            """
            SELECT tile_index * 256 + array_position(positions, $1) - 1 AS leaf_index
            FROM log_leaf_tiles WHERE first_position <= $1 ORDER BY first_position DESC LIMIT 1
            """, [position], prepared: true)
        return try rows.first?.decode("leaf_index", as: Int64?.self).map { UInt64($0) }
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
