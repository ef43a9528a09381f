import Testing
import Transparency

/// Checkpoint note text as tlog-checkpoint specifies it.
@Suite struct CheckpointTests {
    static let root = MerkleTree.leafHash(Array("root".utf8))

    @Test func emitsAndParsesOriginSizeAndRoot() throws {
        let checkpoint = Checkpoint(origin: "news.example/log", size: 20_852_163, root: Self.root)
        #expect(checkpoint.text == "news.example/log\n20852163\n\(Self.root.base64)\n")
        #expect(try Checkpoint(text: checkpoint.text) == checkpoint)
        let extended = Checkpoint(origin: "news.example/log", size: 0, root: MerkleTree.emptyRoot, extensions: ["x y"])
        #expect(extended.text == "news.example/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\nx y\n")
        #expect(try Checkpoint(text: extended.text) == extended)
    }

    @Test func malformedCheckpointsAreRefusedWithTheirReason() {
        let root = Self.root.base64
        #expect(throws: CheckpointError.notNewlineTerminated) { try Checkpoint(text: "o\n1\n\(root)") }
        #expect(throws: CheckpointError.tooFewLines(2)) { try Checkpoint(text: "o\n1\n") }
        #expect(throws: CheckpointError.emptyOrigin) { try Checkpoint(text: "\n1\n\(root)\n") }
        #expect(throws: CheckpointError.badTreeSize("01")) { try Checkpoint(text: "o\n01\n\(root)\n") }
        #expect(throws: CheckpointError.badTreeSize("+1")) { try Checkpoint(text: "o\n+1\n\(root)\n") }
        #expect(throws: CheckpointError.badTreeSize("18446744073709551616")) {
            try Checkpoint(text: "o\n18446744073709551616\n\(root)\n")
        }
        #expect(throws: CheckpointError.badRootHash("AAAA")) { try Checkpoint(text: "o\n1\nAAAA\n") }
        #expect(throws: CheckpointError.emptyExtensionLine(line: 5)) { try Checkpoint(text: "o\n1\n\(root)\nx\n\n") }
        #expect(
            CheckpointError.badTreeSize("01").description
                == "checkpoint tree size \"01\" is not a decimal without leading zeros")
    }
}
