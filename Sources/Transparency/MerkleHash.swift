import Foundation

/// A SHA-256 value in the log's Merkle tree: a leaf hash, an interior node hash or a root.
///
/// It always holds exactly 32 bytes, so code that combines hashes never has to check lengths again.
public struct MerkleHash: Sendable, Hashable, CustomStringConvertible {
    /// The number of bytes in every hash of the tree.
    public static let byteCount = 32

    /// The 32 bytes of the hash.
    public let bytes: [UInt8]

    /// Wraps 32 bytes; returns nil for any other length.
    public init?(bytes: some Sequence<UInt8>) {
        let array = Array(bytes)
        guard array.count == Self.byteCount else { return nil }
        self.bytes = array
    }

    /// Decodes the standard base64 form used in checkpoints and proof files; nil unless it is exactly 32 bytes.
    public init?(base64: some StringProtocol) {
        guard let data = Data(base64Encoded: String(base64)) else { return nil }
        self.init(bytes: data)
    }

    /// The standard base64 form (with padding) used in checkpoints and proof files.
    public var base64: String { Data(bytes).base64EncodedString() }

    /// Lowercase hexadecimal, for messages and logs.
    public var hex: String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// The hexadecimal form, so that a failing test or a log line shows which hash it means.
    public var description: String { hex }
}
