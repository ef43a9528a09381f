/// Why a checkpoint's text was refused; each case names the line at fault.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    /// The text does not end in a newline.
    case notNewlineTerminated
    /// The text has fewer than the three lines origin, size and root hash.
    case tooFewLines(Int)
    /// The origin line is empty.
    case emptyOrigin
    /// The size line is not a decimal without leading zeros that fits in 64 bits.
    case badTreeSize(String)
    /// The root line is not the base64 of 32 bytes.
    case badRootHash(String)
    /// An extension line is empty.
    case emptyExtensionLine(line: Int)

    /// A sentence naming what is wrong, fit for a command's error message.
    public var description: String {
        switch self {
        case .notNewlineTerminated: "the checkpoint does not end in a newline"
        case .tooFewLines(let count): "the checkpoint has \(count) lines; it needs origin, tree size and root hash"
        case .emptyOrigin: "the checkpoint's origin line is empty"
        case .badTreeSize(let text): "checkpoint tree size \"\(text)\" is not a decimal without leading zeros"
        case .badRootHash(let text): "checkpoint root hash \"\(text)\" is not the base64 of 32 bytes"
        case .emptyExtensionLine(let line): "checkpoint line \(line) is an empty extension line"
        }
    }
}
