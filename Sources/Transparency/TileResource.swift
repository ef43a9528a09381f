/// A resource a tiled log serves under `tile/`: the hashes of a tile, or the entry bundle of a level 0 tile.
public enum TileResource: Sendable, Hashable {
    /// `tile/<L>/<N>[.p/<W>]`: the tile's hashes.
    case hashes(Tile)
    /// `tile/entries/<N>[.p/<W>]`: the entries whose leaf hashes the level 0 tile holds.
    case entries(Tile)

    /// Parses a path relative to the log's prefix; only the canonical spelling of each resource is accepted, so
    /// that one resource never has two cache entries.
    public init(path: String) throws(TileError) {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, parts[0] == "tile" else { throw .notATilePath(path) }
        var width = Tile.fullWidth
        if parts.count >= 4, parts[parts.count - 2].hasSuffix(".p") {
            let text = parts.removeLast()
            guard let value = Self.decimal(text), (1..<Tile.fullWidth).contains(value) else {
                throw .badWidth(text)
            }
            width = value
            parts[parts.count - 1].removeLast(2)
        }
        let isEntries = parts[1] == "entries"
        var level = 0
        if !isEntries {
            guard let value = Self.decimal(parts[1]), value <= Tile.maximumLevel else { throw .badLevel(parts[1]) }
            level = value
        }
        let index = try Self.index(parts[2...])
        guard index <= Tile.maximumIndex(level: level) else { throw .badIndex(parts[2...].joined(separator: "/")) }
        let tile = Tile(level: level, index: index, width: width)
        self = isEntries ? .entries(tile) : .hashes(tile)
    }

    /// The resource's path relative to the log's prefix.
    public var path: String {
        switch self {
        case .hashes(let tile): tile.path
        case .entries(let tile): tile.entriesPath
        }
    }

    /// Reads a decimal with no sign and no leading zeros.
    private static func decimal(_ text: String) -> Int? {
        CanonicalDecimal.value(of: text).flatMap { Int(exactly: $0) }
    }

    /// Reads `x001/x234/067`-style groups, refusing a leading zero group so each index has one spelling.
    private static func index(_ groups: ArraySlice<String>) throws(TileError) -> UInt64 {
        let text = groups.joined(separator: "/")
        var value: UInt64 = 0
        for (offset, group) in groups.enumerated() {
            let isLast = offset == groups.count - 1
            let digits = isLast ? Substring(group) : group.dropFirst()
            guard isLast || group.hasPrefix("x"), digits.count == 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                !(offset == 0 && !isLast && digits == "000")
            else { throw .badIndex(text) }
            let (scaled, overflow) = value.multipliedReportingOverflow(by: 1000)
            let (next, carry) = scaled.addingReportingOverflow(UInt64(digits)!)
            guard !overflow, !carry else { throw .badIndex(text) }
            value = next
        }
        return value
    }
}
