/// A tlog-tiles tile: up to 256 consecutive hashes of one Merkle level, served as one immutable resource.
///
/// Tile level `L` holds the hashes at Merkle level `8 * L`; tile `N` of a level holds hashes `256 * N` onwards.
/// A tile of fewer than 256 hashes is partial: it exists only at the right edge of a tree.
public struct Tile: Sendable, Hashable, CustomStringConvertible {
    /// The Merkle levels one tile spans: hashes at level `8 * L` stand for subtrees 8 levels high.
    public static let height = 8
    /// The number of hashes in a full tile.
    public static let fullWidth = 256
    /// The highest tile level a tree of 64-bit size can have (its hashes are at Merkle level 56).
    public static let maximumLevel = 7

    /// The tile level: the tile's hashes are at Merkle level `8 * level`.
    public let level: Int
    /// The tile's position within its level, from the left.
    public let index: UInt64
    /// The number of hashes in the tile, 1 through 256.
    public let width: Int

    /// Names a tile; `width` defaults to a full tile.
    public init(level: Int, index: UInt64, width: Int = Tile.fullWidth) {
        precondition((0...Self.maximumLevel).contains(level), "tile levels run from 0 to 7")
        precondition((1...Self.fullWidth).contains(width), "a tile holds 1 to 256 hashes")
        precondition(index <= Self.maximumIndex(level: level), "the tile would start past 2^64 leaves")
        self.level = level
        self.index = index
        self.width = width
    }

    /// Whether the tile has fewer than 256 hashes.
    public var isPartial: Bool { width < Self.fullWidth }

    /// The resource path of the tile's hashes, `tile/<L>/<N>[.p/<W>]`.
    public var path: String { "tile/\(level)/" + Self.encodedIndex(index) + widthSuffix }

    /// The resource path of the entry bundle holding the entries of this level 0 tile's leaves.
    public var entriesPath: String {
        precondition(level == 0, "only level 0 tiles have entry bundles")
        return "tile/entries/" + Self.encodedIndex(index) + widthSuffix
    }

    /// The Merkle nodes whose hashes the tile holds, left to right.
    public var nodes: [MerkleNode] {
        let first = index * UInt64(Self.fullWidth)
        return (0..<UInt64(width)).map { MerkleNode(level: level * Self.height, index: first + $0) }
    }

    /// The tile's path, for messages.
    public var description: String { path }

    /// Every tile a tree of `treeSize` leaves has: the full tiles of each level and the partial one at its right.
    public static func tiles(treeSize: UInt64) -> [Tile] {
        tilesAdded(from: 0, to: treeSize)
    }

    /// The tiles a tree of `newSize` has and one of `oldSize` has not: the tiles that growing the tree writes.
    public static func tilesAdded(from oldSize: UInt64, to newSize: UInt64) -> [Tile] {
        guard oldSize < newSize else { return [] }
        var tiles: [Tile] = []
        for level in 0...maximumLevel {
            let shift = UInt64(level * height)
            let oldCount = oldSize >> shift
            let newCount = newSize >> shift
            guard newCount > 0 else { break }
            let full = UInt64(fullWidth)
            for index in (oldCount / full)..<(newCount / full) { tiles.append(Tile(level: level, index: index)) }
            if newCount % full > 0 && newCount > oldCount {
                tiles.append(Tile(level: level, index: newCount / full, width: Int(newCount % full)))
            }
        }
        return tiles
    }

    /// The tile at `level` and `index` as it stands in a tree of `treeSize` leaves; nil if it has no hash yet.
    public static func tile(level: Int, index: UInt64, treeSize: UInt64) -> Tile? {
        let count = treeSize >> UInt64(level * height)
        let first = index * UInt64(fullWidth)
        guard count > first else { return nil }
        return Tile(level: level, index: index, width: Int(min(count - first, UInt64(fullWidth))))
    }

    /// The largest index a tile of `level` can have while its leaves stay within 64-bit tree sizes.
    public static func maximumIndex(level: Int) -> UInt64 {
        UInt64.max >> UInt64(height * (level + 1))
    }

    /// Writes an index as zero-padded groups of three digits, all but the last prefixed with `x`.
    static func encodedIndex(_ index: UInt64) -> String {
        var groups: [String] = []
        var rest = index
        repeat {
            let group = String(rest % 1000)
            groups.append(String(repeating: "0", count: 3 - group.count) + group)
            rest /= 1000
        } while rest > 0
        return groups.reversed().enumerated().map { $0.offset == groups.count - 1 ? $0.element : "x" + $0.element }
            .joined(separator: "/")
    }

    private var widthSuffix: String { isPartial ? ".p/\(width)" : "" }
}
