public import Foundation

/// Tiles kept as files, laid out as tlog-tiles serves them (`<root>/tile/<L>/<N>[.p/<W>]`): a mirror an auditor
/// made of a log at a checkpoint it trusts.
public struct DirectoryTiles: TileReader {
    /// The folder that holds `tile/`.
    public let root: URL

    /// Reads tiles under `root`.
    public init(root: URL) { self.root = root }

    /// Each tile's bytes, in the order asked; a missing or short file throws ``TileError/missing(_:)``.
    public func read(tiles: [Tile]) async throws -> [[UInt8]] {
        try tiles.map { tile in
            let file = root.appendingPathComponent(tile.path)
            guard let data = try? Data(contentsOf: file), data.count == tile.width * MerkleHash.byteCount else {
                throw TileError.missing(tile.path)
            }
            return Array(data)
        }
    }

    /// Writes one tile's bytes where ``read(tiles:)`` looks for it.
    public func write(_ bytes: [UInt8], of tile: Tile) throws {
        let file = root.appendingPathComponent(tile.path)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file, options: .atomic)
    }
}
