import Crypto
import Testing
import Transparency

/// The tree and its proofs checked against a reference computed the slow way, straight from RFC 6962's
/// definitions, for every size up to 64 and every index and size pair.
@Suite struct MerkleTreeTests {
    /// Entry `i` is the decimal text of `i`, so trees of different sizes share their prefixes.
    static func entries(_ count: Int) -> [[UInt8]] { (0..<count).map { Array("entry \($0)".utf8) } }

    /// MTH(D[n]) by the recursive definition, with nothing stored.
    static func referenceRoot(_ leaves: ArraySlice<[UInt8]>) -> MerkleHash {
        if leaves.isEmpty { return MerkleHash(bytes: SHA256.hash(data: [UInt8]()))! }
        if leaves.count == 1 { return MerkleTree.leafHash(leaves.first!) }
        var split = 1
        while split * 2 < leaves.count { split *= 2 }
        let start = leaves.startIndex
        return MerkleTree.nodeHash(
            referenceRoot(leaves[start..<start + split]), referenceRoot(leaves[(start + split)...]))
    }

    @Test func leafAndNodeHashesFollowRFC6962() {
        let leaf = MerkleTree.leafHash([])
        #expect(leaf.hex == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
        #expect(MerkleTree.emptyRoot.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let node = MerkleTree.nodeHash(leaf, leaf)
        #expect(node == MerkleHash(bytes: SHA256.hash(data: [0x01] + leaf.bytes + leaf.bytes)))
    }

    @Test func rootsMatchTheDefinitionForEverySizeUpTo64() async throws {
        let all = Self.entries(64)
        var store = MemoryHashStore()
        #expect(try await MerkleTree.rootHash(size: 0, reader: store) == MerkleTree.emptyRoot)
        for size in 1...64 {
            store.append(entry: all[size - 1])
            #expect(
                try await MerkleTree.rootHash(size: UInt64(size), reader: store) == Self.referenceRoot(all[..<size]))
        }
    }

    @Test func everyInclusionProofUpTo64Verifies() async throws {
        let all = Self.entries(64)
        let store = MemoryHashStore(entries: all)
        for size in 1...64 {
            let root = Self.referenceRoot(all[..<size])
            for index in 0..<size {
                let proof = try await InclusionProof.make(index: UInt64(index), treeSize: UInt64(size), reader: store)
                try proof.verify(leafHash: MerkleTree.leafHash(all[index]), root: root)
            }
        }
    }

    @Test func everyConsistencyProofUpTo64Verifies() async throws {
        let all = Self.entries(64)
        let store = MemoryHashStore(entries: all)
        for newSize in 0...64 {
            let newRoot = Self.referenceRoot(all[..<newSize])
            for oldSize in 0...newSize {
                let proof = try await ConsistencyProof.make(
                    oldSize: UInt64(oldSize), newSize: UInt64(newSize), reader: store)
                try proof.verify(oldRoot: Self.referenceRoot(all[..<oldSize]), newRoot: newRoot)
            }
        }
    }

    /// The error `body` throws, or nil; the loops below check thousands of refusals and gather the surprises,
    /// since one expectation per refusal makes them far slower.
    static func refusal(_ body: () throws -> Void) -> ProofError? {
        do {
            try body()
            return nil
        } catch {
            return error as? ProofError
        }
    }

    /// Whether `error` is a root mismatch against the root the verifier expected (old or new).
    static func isRootMismatch(_ error: ProofError?, expected: MerkleHash) -> Bool {
        switch error {
        case .rootMismatch(let wanted, _), .oldRootMismatch(let wanted, _): wanted == expected
        default: false
        }
    }

    @Test func everyTamperedInclusionProofIsRefusedWithItsReason() async throws {
        let all = Self.entries(64)
        let store = MemoryHashStore(entries: all)
        let forgery = MerkleTree.leafHash(Array("forged".utf8))
        var surprises: [String] = []
        for size in 2...64 {
            let root = Self.referenceRoot(all[..<size])
            for index in 0..<size {
                let proof = try await InclusionProof.make(index: UInt64(index), treeSize: UInt64(size), reader: store)
                let leaf = MerkleTree.leafHash(all[index])
                for position in proof.hashes.indices {
                    var hashes = proof.hashes
                    hashes[position] = forgery
                    let forged = InclusionProof(index: proof.index, treeSize: proof.treeSize, hashes: hashes)
                    let error = Self.refusal { try forged.verify(leafHash: leaf, root: root) }
                    if !Self.isRootMismatch(error, expected: root) {
                        surprises.append("size \(size) index \(index) hash \(position): \(String(describing: error))")
                    }
                }
                let short = InclusionProof(
                    index: proof.index, treeSize: proof.treeSize, hashes: proof.hashes.dropLast())
                let shortError = Self.refusal { try short.verify(leafHash: leaf, root: root) }
                if shortError != .wrongProofLength(expected: proof.hashes.count, actual: proof.hashes.count - 1) {
                    surprises.append("size \(size) index \(index) short: \(String(describing: shortError))")
                }
                // The same path proves nothing for another leaf.
                let other = MerkleTree.leafHash(all[(index + 1) % size])
                let otherError = Self.refusal { try proof.verify(leafHash: other, root: root) }
                if !Self.isRootMismatch(otherError, expected: root) {
                    surprises.append("size \(size) index \(index) other leaf: \(String(describing: otherError))")
                }
            }
        }
        #expect(surprises == [])
    }

    @Test func tamperedConsistencyProofsAreRefusedWithTheirReason() async throws {
        let all = Self.entries(64)
        let store = MemoryHashStore(entries: all)
        let forgery = MerkleTree.leafHash(Array("forged".utf8))
        var surprises: [String] = []
        for newSize in 2...64 {
            let newRoot = Self.referenceRoot(all[..<newSize])
            for oldSize in 1..<newSize {
                let oldRoot = Self.referenceRoot(all[..<oldSize])
                let proof = try await ConsistencyProof.make(
                    oldSize: UInt64(oldSize), newSize: UInt64(newSize), reader: store)
                for position in proof.hashes.indices {
                    var hashes = proof.hashes
                    hashes[position] = forgery
                    let forged = ConsistencyProof(oldSize: proof.oldSize, newSize: proof.newSize, hashes: hashes)
                    let error = Self.refusal { try forged.verify(oldRoot: oldRoot, newRoot: newRoot) }
                    if !Self.isRootMismatch(error, expected: oldRoot) && !Self.isRootMismatch(error, expected: newRoot)
                    {
                        surprises.append("\(oldSize) to \(newSize) hash \(position): \(String(describing: error))")
                    }
                }
                let long = ConsistencyProof(
                    oldSize: proof.oldSize, newSize: proof.newSize, hashes: proof.hashes + [oldRoot])
                let longError = Self.refusal { try long.verify(oldRoot: oldRoot, newRoot: newRoot) }
                if longError != .wrongProofLength(expected: proof.hashes.count, actual: proof.hashes.count + 1) {
                    surprises.append("\(oldSize) to \(newSize) long: \(String(describing: longError))")
                }
                // A forked history: the same proof cannot link a different old tree to the new one. When the old
                // size is a power of two the old root enters the proof itself, so the new root is what fails.
                let forkedOld = MerkleTree.nodeHash(oldRoot, oldRoot)
                let forkError = Self.refusal { try proof.verify(oldRoot: forkedOld, newRoot: newRoot) }
                let isPowerOfTwo = oldSize & (oldSize - 1) == 0
                if !Self.isRootMismatch(forkError, expected: isPowerOfTwo ? newRoot : forkedOld) {
                    surprises.append("\(oldSize) to \(newSize) fork: \(String(describing: forkError))")
                }
            }
        }
        #expect(surprises == [])
    }

    @Test func hugeClaimedSizesAreRefusedWithoutTrapping() {
        // The last leaf of a tree of 2^64 - 1 leaves sits 63 levels down.
        let inclusion = InclusionProof(index: .max - 1, treeSize: .max, hashes: [])
        #expect(throws: ProofError.wrongProofLength(expected: 63, actual: 0)) {
            try inclusion.verify(leafHash: MerkleTree.emptyRoot, root: MerkleTree.emptyRoot)
        }
        let consistency = ConsistencyProof(oldSize: .max / 3, newSize: .max, hashes: [])
        #expect(throws: ProofError.self) {
            try consistency.verify(oldRoot: MerkleTree.emptyRoot, newRoot: MerkleTree.emptyRoot)
        }
    }

    @Test func refusalsNameTheirCause() async throws {
        let store = MemoryHashStore(entries: Self.entries(5))
        let root = try await MerkleTree.rootHash(size: 5, reader: store)
        await #expect(throws: ProofError.indexOutOfRange(index: 5, size: 5)) {
            try await InclusionProof.make(index: 5, treeSize: 5, reader: store)
        }
        await #expect(throws: ProofError.sizesOutOfOrder(old: 6, new: 5)) {
            try await ConsistencyProof.make(oldSize: 6, newSize: 5, reader: store)
        }
        await #expect(throws: ProofError.missingHash(MerkleNode(level: 1, index: 2))) {
            try await InclusionProof.make(index: 0, treeSize: 6, reader: store)
        }
        let proof = try await InclusionProof.make(index: 2, treeSize: 5, reader: store)
        let wrongLeaf = MerkleTree.leafHash(Array("entry 3".utf8))
        #expect(throws: ProofError.self) { try proof.verify(leafHash: wrongLeaf, root: root) }
        #expect(
            ProofError.wrongProofLength(expected: 3, actual: 2).description
                == "the proof has 2 hashes where 3 are needed")
        #expect(
            ProofError.indexOutOfRange(index: 5, size: 5).description == "leaf index 5 is not inside a tree of size 5")
        let same = ConsistencyProof(oldSize: 5, newSize: 5, hashes: [])
        #expect(throws: ProofError.sameSizeDifferentRoots(size: 5)) {
            try same.verify(oldRoot: root, newRoot: wrongLeaf)
        }
    }
}
