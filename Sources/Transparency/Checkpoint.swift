/// The text of a tlog-checkpoint note: the log's origin, its tree size and root hash, and optional extension lines.
public struct Checkpoint: Sendable, Hashable {
    /// The log's identity, the first line.
    public let origin: String
    /// The number of leaves in the tree.
    public let size: UInt64
    /// The RFC 6962 root of the tree of ``size`` leaves.
    public let root: MerkleHash
    /// Opaque further lines, each non-empty; this log writes none.
    public let extensions: [String]

    /// Describes a tree head; the origin must be one non-empty line and extensions non-empty lines.
    public init(origin: String, size: UInt64, root: MerkleHash, extensions: [String] = []) {
        precondition(!origin.isEmpty && !origin.contains("\n"), "the origin is one non-empty line")
        precondition(extensions.allSatisfy { !$0.isEmpty && !$0.contains("\n") }, "extensions are non-empty lines")
        self.origin = origin
        self.size = size
        self.root = root
        self.extensions = extensions
    }

    /// Parses a checkpoint's note text (the part before the blank line, its final newline included).
    public init(text: String) throws(CheckpointError) {
        guard text.utf8.last == 0x0A else { throw .notNewlineTerminated }
        let lines = text.utf8.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        guard lines.count >= 3 else { throw .tooFewLines(lines.count) }
        guard !lines[0].isEmpty else { throw .emptyOrigin }
        let sizeText = lines[1]
        guard let size = CanonicalDecimal.value(of: sizeText) else { throw .badTreeSize(sizeText) }
        guard let root = MerkleHash(base64: lines[2]), root.base64 == lines[2] else { throw .badRootHash(lines[2]) }
        if let empty = lines.indices.dropFirst(3).first(where: { lines[$0].isEmpty }) {
            throw .emptyExtensionLine(line: empty + 1)
        }
        self.init(origin: lines[0], size: size, root: root, extensions: Array(lines[3...]))
    }

    /// The note text: origin, size, base64 root and extensions, each ending in a newline.
    public var text: String {
        ([origin, String(size), root.base64] + extensions).map { $0 + "\n" }.joined()
    }
}
