import Testing
import Transparency

/// Naming the first leaf at which a rewritten history departs from the original.
@Suite struct FirstDifferenceTests {
    @Test func theFirstRewrittenLeafIsNamed() async throws {
        let original = MerkleTreeTests.entries(64)
        for size in 1...64 {
            let same = MemoryHashStore(entries: original[..<size])
            #expect(try await MerkleTree.firstDifferingLeaf(size: UInt64(size), same, same) == nil)
            for changed in [0, size / 2, size - 1] {
                var rewritten = original
                rewritten[changed] = Array("rewritten".utf8)
                // Everything after the change is different too, as when a chain is recomputed after an edit.
                for later in (changed + 1)..<64 { rewritten[later] += [0x21] }
                let forged = MemoryHashStore(entries: rewritten[..<size])
                let found = try await MerkleTree.firstDifferingLeaf(size: UInt64(size), same, forged)
                #expect(found == UInt64(changed), "size \(size)")
            }
        }
    }
}
