/// The position of a complete subtree: `level` counts up from the leaves (0) and `index` counts from the left.
///
/// The node at (level, index) covers the leaves `index << level ..< (index + 1) << level`; only nodes whose leaves
/// all exist have a hash, which never changes once the log has grown past them.
public struct MerkleNode: Sendable, Hashable, CustomStringConvertible {
    /// The height of the subtree above the leaves: 0 for a leaf.
    public let level: Int
    /// The position of the subtree among those of the same level, from the left, starting at 0.
    public let index: UInt64

    /// Names the complete subtree at `level` (0 through 63) and `index`.
    public init(level: Int, index: UInt64) {
        precondition((0..<64).contains(level), "a tree of 64-bit sizes has levels 0 through 63")
        self.level = level
        self.index = index
    }

    /// The first leaf the subtree covers.
    public var firstLeaf: UInt64 { index << UInt64(level) }

    /// One past the last leaf the subtree covers: the node exists in every tree at least this large. It stops at
    /// `UInt64.max` rather than overflow for the last subtree a 64-bit tree could hold.
    public var endLeaf: UInt64 {
        let (end, overflow) = (index + 1).multipliedReportingOverflow(by: 1 << UInt64(level))
        return overflow ? .max : end
    }

    /// `level/index`, for messages.
    public var description: String { "\(level)/\(index)" }
}
