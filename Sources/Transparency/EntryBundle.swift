/// The entries of one level 0 tile as served at `tile/entries/...`: each a big-endian 16-bit length then its bytes.
public enum EntryBundle {
    /// The largest entry a bundle can carry: its length must fit in 16 bits.
    public static let maximumEntrySize = Int(UInt16.max)

    /// Concatenates the entries with their length prefixes.
    public static func encode(_ entries: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = []
        for entry in entries {
            precondition(entry.count <= maximumEntrySize, "a bundle entry holds at most 65535 bytes")
            bytes += [UInt8(entry.count >> 8), UInt8(entry.count & 0xff)] + entry
        }
        return bytes
    }

    /// Splits a bundle into its entries; throws ``TileError/malformedEntryBundle(_:)`` when a length runs past
    /// the end.
    public static func decode(_ bytes: [UInt8]) throws(TileError) -> [[UInt8]] {
        var entries: [[UInt8]] = []
        var offset = 0
        while offset < bytes.count {
            guard offset + 2 <= bytes.count else {
                throw .malformedEntryBundle("entry \(entries.count) has a truncated length")
            }
            let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
            offset += 2
            guard offset + length <= bytes.count else {
                throw .malformedEntryBundle("entry \(entries.count) runs past the end")
            }
            entries.append(Array(bytes[offset..<offset + length]))
            offset += length
        }
        return entries
    }
}
