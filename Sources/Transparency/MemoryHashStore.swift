/// A tree kept wholly in memory: every stored hash in a dictionary, for tests and small tools.
public struct MemoryHashStore: HashReader {
    /// The number of leaves appended so far.
    public private(set) var size: UInt64 = 0
    private var stored: [MerkleNode: MerkleHash] = [:]

    /// An empty tree.
    public init() {}

    /// A tree holding the given entries as its leaves, in order.
    public init(entries: some Sequence<some Sequence<UInt8>>) {
        for entry in entries { append(entry: entry) }
    }

    /// Appends one entry as the next leaf and stores every subtree hash it completes.
    public mutating func append(entry: some Sequence<UInt8>) {
        append(leafHash: MerkleTree.leafHash(entry))
    }

    /// Appends a leaf by its hash and stores every subtree hash it completes.
    public mutating func append(leafHash: MerkleHash) {
        let siblings = MerkleTree.siblingsNeeded(appendingAt: size).map { stored[$0]! }
        for completed in MerkleTree.nodesCompleted(appending: leafHash, at: size, siblings: siblings) {
            stored[completed.node] = completed.hash
        }
        size += 1
    }

    /// Returns the stored hashes; throws ``ProofError/missingHash(_:)`` for a node the tree has not completed.
    public func hashes(at nodes: [MerkleNode]) throws -> [MerkleHash] {
        try nodes.map { node in
            guard let hash = stored[node] else { throw ProofError.missingHash(node) }
            return hash
        }
    }
}
