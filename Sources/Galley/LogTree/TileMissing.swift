public import Transparency

/// A tile the tree has not grown to yet.
public struct TileMissing: Error, Equatable, CustomStringConvertible {
    /// The tile asked for.
    public let tile: Tile

    /// Names the tile.
    public var description: String { "the log's tree has no tile \(tile.path) yet" }
}
