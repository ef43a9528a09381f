/// Why a tile path or a tile's bytes were refused.
public enum TileError: Error, Equatable, CustomStringConvertible {
    /// The path is not of the form `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]`.
    case notATilePath(String)
    /// The level is not a decimal from 0 to 7 without leading zeros.
    case badLevel(String)
    /// The index is not written in canonical three-digit groups.
    case badIndex(String)
    /// The partial width is not a decimal from 1 to 255 without leading zeros.
    case badWidth(String)
    /// A tile's bytes are not exactly its hashes.
    case wrongDataSize(tile: String, expected: Int, actual: Int)
    /// An entry bundle's bytes do not split into length-prefixed entries.
    case malformedEntryBundle(String)
    /// A tile a tree's hash needs is not where the tiles are kept (or is shorter than its width).
    case missing(String)
    /// A tile's hashes do not hash up to what its parent tile, or the signed root, says of them.
    case mismatch(String)

    /// A sentence naming what is wrong, fit for an HTTP 400 or a command's error.
    public var description: String {
        switch self {
        case .notATilePath(let path): "\(path) is not a tile path"
        case .badLevel(let text): "tile level \(text) is not a decimal from 0 to 7"
        case .badIndex(let text): "tile index \(text) is not written as groups of three digits (x001/x234/067)"
        case .badWidth(let text): "tile width \(text) is not a decimal from 1 to 255"
        case .wrongDataSize(let tile, let expected, let actual):
            "tile \(tile) has \(actual) bytes where \(expected) are expected"
        case .malformedEntryBundle(let reason): "the entry bundle is malformed: \(reason)"
        case .missing(let path): "the tile \(path) is missing"
        case .mismatch(let path): "the tile \(path) does not hash to what the tree above it holds"
        }
    }
}
