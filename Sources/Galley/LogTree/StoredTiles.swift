public import Postgres
public import Transparency

/// The stored tiles as a ``TileReader``, for roots and proofs from the database.
public struct StoredTiles: TileReader {
    /// The connection to read on.
    public let connection: Connection

    /// Reads tiles on `connection`.
    public init(connection: Connection) { self.connection = connection }

    /// Each tile's bytes, in the order asked.
    public func read(tiles: [Tile]) async throws -> [[UInt8]] {
        try await LogTreeStore.read(tiles, on: connection)
    }
}
