/// The byte form of a tile: its hashes concatenated, 32 bytes each.
extension Tile {
    /// Reads the tile's hashes from the stored hashes and concatenates them, as the tile is served.
    public func data(reader: some HashReader) async throws -> [UInt8] {
        try await reader.hashes(at: nodes).flatMap(\.bytes)
    }

    /// Splits served bytes into the tile's hashes; throws ``TileError/wrongDataSize(tile:expected:actual:)``
    /// unless there are exactly 32 bytes per hash.
    public func hashes(from data: [UInt8]) throws(TileError) -> [MerkleHash] {
        let expected = width * MerkleHash.byteCount
        guard data.count == expected else {
            throw .wrongDataSize(tile: path, expected: expected, actual: data.count)
        }
        return stride(from: 0, to: data.count, by: MerkleHash.byteCount).map {
            MerkleHash(bytes: data[$0..<$0 + MerkleHash.byteCount])!
        }
    }
}
