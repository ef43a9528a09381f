/// Reads the bytes of tiles from wherever a log keeps them (files, a database, an HTTP client).
public protocol TileReader: Sendable {
    /// Returns each tile's bytes (32 per hash), in the order asked.
    func read(tiles: [Tile]) async throws -> [[UInt8]]
}
