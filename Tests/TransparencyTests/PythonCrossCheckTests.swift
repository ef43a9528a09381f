import Foundation
import TestSupport
import Testing
import Transparency

/// The log's checkpoints and proofs checked by the second implementation: both must agree that good artefacts
/// pass and tampered ones fail.
@Suite(
    .enabled(
        if: PythonScript.isReady,
        "python3 with the cryptography package is unavailable (and pip could not install it): cross-check skipped"))
struct PythonCrossCheckTests {
    /// A fresh folder for one test's fixtures.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tlog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `contents` to `name` inside `folder` and returns its path.
    static func write(_ contents: some DataProtocol, _ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(contents).write(to: url)
        return url.path
    }

    /// Runs the script with `arguments`.
    static func run(_ arguments: [String]) throws -> (status: Int32, error: String) {
        try PythonScript.run(arguments)
    }

    @Test func pythonAcceptsTheCheckpointAndRefusesATamperedOne() async throws {
        let fixture = LogFixture(size: 21)
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let note = try await fixture.checkpoint(size: 21).serialized
        let key = fixture.log.verifier.verifierKey
        let witnesses = fixture.witnesses.flatMap { ["--witness", $0.verifier.verifierKey] }
        let good = try Self.write(Array(note.utf8), "checkpoint", in: folder)
        #expect(try Self.run(["checkpoint", good, "--key", key, "--quorum", "2"] + witnesses) == (0, ""))
        let tampered = try Self.write(
            Array(note.replacingOccurrences(of: "\n21\n", with: "\n22\n").utf8), "tampered", in: folder)
        let refused = try Self.run(["checkpoint", tampered, "--key", key])
        #expect(refused == (1, "refused: the signature of news.example/log does not verify\n"))
        let short = try Self.run(["checkpoint", good, "--key", key, "--quorum", "3"] + witnesses)
        #expect(short == (1, "refused: 2 witnesses cosigned; the quorum is 3\n"))
    }

    @Test func pythonAcceptsEveryInclusionProofAndRefusesTamperedOnes() async throws {
        let fixture = LogFixture(size: 21)
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = fixture.log.verifier.verifierKey
        let witnesses = fixture.witnesses.flatMap { ["--witness", $0.verifier.verifierKey] }
        for index in [0, 7, 16, 20] {
            let proof = try await fixture.proof(index: UInt64(index), size: 21)
            let file = try Self.write(Array(proof.serialized.utf8), "proof-\(index).tlog-proof", in: folder)
            let entry = try Self.write(fixture.entries[index], "entry-\(index)", in: folder)
            let result = try Self.run(["inclusion", file, "--entry", entry, "--key", key, "--quorum", "2"] + witnesses)
            #expect(result == (0, ""), "index \(index)")
        }
        let proof = try await fixture.proof(index: 7, size: 21)
        var hashes = proof.hashes
        hashes[1] = MerkleTree.leafHash(Array("forged".utf8))
        let forged = TlogProof(index: 7, hashes: hashes, checkpoint: proof.checkpoint)
        let file = try Self.write(Array(forged.serialized.utf8), "forged.tlog-proof", in: folder)
        let entry = try Self.write(fixture.entries[7], "entry", in: folder)
        let refused = try Self.run(["inclusion", file, "--entry", entry, "--key", key])
        #expect(refused == (1, "refused: the inclusion proof does not lead to the checkpoint's root\n"))
        let otherEntry = try Self.write(fixture.entries[8], "other-entry", in: folder)
        let original = try Self.write(Array(proof.serialized.utf8), "proof.tlog-proof", in: folder)
        let wrongEntry = try Self.run(["inclusion", original, "--entry", otherEntry, "--key", key])
        #expect(wrongEntry == (1, "refused: the inclusion proof does not lead to the checkpoint's root\n"))
    }

    @Test func pythonAcceptsConsistencyProofsAndRefusesAFork() async throws {
        let fixture = LogFixture(size: 40)
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = fixture.log.verifier.verifierKey
        for (old, new) in [(1, 40), (8, 40), (13, 21), (21, 40), (32, 33), (0, 5), (40, 40)] as [(UInt64, UInt64)] {
            let proof = try await ConsistencyProof.make(oldSize: old, newSize: new, reader: fixture.store)
            let oldFile = try Self.write(
                Array(try await fixture.checkpoint(size: old).serialized.utf8), "old", in: folder)
            let newFile = try Self.write(
                Array(try await fixture.checkpoint(size: new).serialized.utf8), "new", in: folder)
            let lines = proof.hashes.map { $0.base64 + "\n" }.joined()
            let proofFile = try Self.write(Array(lines.utf8), "proof", in: folder)
            let result = try Self.run(["consistency", oldFile, newFile, "--proof", proofFile, "--key", key])
            #expect(result == (0, ""), "from \(old) to \(new)")
        }
        // A forked log: the same first 12 entries, then a different 13th; its size-13 checkpoint is signed with
        // the same key, and the real log's proof cannot link it to the real size-21 tree.
        var forkedStore = MemoryHashStore(entries: fixture.entries[..<12])
        forkedStore.append(entry: Array("rewritten".utf8))
        let forkedRoot = try await MerkleTree.rootHash(size: 13, reader: forkedStore)
        let forkedText = Checkpoint(origin: "news.example/log", size: 13, root: forkedRoot).text
        let forked = try SignedNote.sign(text: forkedText, signers: [fixture.log]).serialized
        let oldFile = try Self.write(Array(forked.utf8), "forked", in: folder)
        let newFile = try Self.write(Array(try await fixture.checkpoint(size: 21).serialized.utf8), "new", in: folder)
        let proof = try await ConsistencyProof.make(oldSize: 13, newSize: 21, reader: fixture.store)
        let proofFile = try Self.write(Array(proof.hashes.map { $0.base64 + "\n" }.joined().utf8), "proof", in: folder)
        let refused = try Self.run(["consistency", oldFile, newFile, "--proof", proofFile, "--key", key])
        #expect(refused == (1, "refused: the consistency proof does not lead to the old root\n"))
    }
}
