import Testing
import Transparency

/// tlog-proof files: their text form and the single offline check of an entry against signed checkpoints.
@Suite struct TlogProofTests {
    @Test func proofFilesRoundTripThroughTheirText() async throws {
        let fixture = LogFixture(size: 13)
        let proof = try await fixture.proof(index: 6, size: 13)
        let text = proof.serialized
        #expect(text.hasPrefix("c2sp.org/tlog-proof@v1\nindex 6\n\(proof.hashes[0].base64)\n"))
        #expect(text.contains("\n\nnews.example/log\n13\n"))
        #expect(try TlogProof(parsing: text) == proof)
        let extra = TlogProof(extra: [1, 2, 3], index: 0, hashes: [], checkpoint: proof.checkpoint)
        #expect(extra.serialized.hasPrefix("c2sp.org/tlog-proof@v1\nextra AQID\nindex 0\n\nnews.example/log\n"))
        #expect(try TlogProof(parsing: extra.serialized) == extra)
    }

    @Test func aGoodProofVerifiesWithItsQuorum() async throws {
        let fixture = LogFixture(size: 13)
        let proof = try await fixture.proof(index: 6, size: 13)
        let checkpoint = try TlogProof.verify(
            proof: proof, entry: fixture.entries[6], verifiers: [fixture.log.verifier],
            witnesses: fixture.witnesses.map(\.verifier), quorum: 2)
        #expect(checkpoint.size == 13)
    }

    @Test func eachBrokenClaimIsRefusedWithItsReason() async throws {
        let fixture = LogFixture(size: 13)
        let proof = try await fixture.proof(index: 6, size: 13)
        let witnesses = fixture.witnesses.map(\.verifier)
        #expect(throws: TlogProofError.quorumNotMet(required: 3, cosigned: 2)) {
            try TlogProof.verify(
                proof: proof, entry: fixture.entries[6], verifiers: [fixture.log.verifier], witnesses: witnesses,
                quorum: 3)
        }
        // A key of another name vouching for this origin's checkpoint is not the log's key.
        let other = Keys.log("other.example/log", seed: 4)
        let misattributed = TlogProof(
            index: 6, hashes: proof.hashes,
            checkpoint: try SignedNote.sign(text: proof.checkpoint.text, signers: [other]))
        #expect(throws: TlogProofError.notSignedForOrigin("news.example/log")) {
            try TlogProof.verify(
                proof: misattributed, entry: fixture.entries[6], verifiers: [other.verifier], witnesses: witnesses,
                quorum: 0)
        }
        #expect(throws: NoteError.noKnownSignature) {
            try TlogProof.verify(
                proof: proof, entry: fixture.entries[6], verifiers: [Keys.log(seed: 5).verifier],
                witnesses: witnesses, quorum: 0)
        }
        let error = #expect(throws: ProofError.self) {
            try TlogProof.verify(
                proof: proof, entry: fixture.entries[7], verifiers: [fixture.log.verifier], witnesses: witnesses,
                quorum: 2)
        }
        guard case .rootMismatch(let expected, _) = error else {
            Issue.record("expected a root mismatch, got \(String(describing: error))")
            return
        }
        #expect(expected == (try Checkpoint(text: proof.checkpoint.text)).root)
    }

    @Test func malformedProofFilesAreRefusedWithTheirReason() async throws {
        let fixture = LogFixture(size: 4)
        let note = try await fixture.checkpoint(size: 4).serialized
        let hash = MerkleTree.emptyRoot.base64
        #expect(throws: TlogProofError.missingHeader) {
            try TlogProof(parsing: "c2sp.org/tlog-proof@v2\nindex 0\n\n" + note)
        }
        #expect(throws: TlogProofError.badExtra) {
            try TlogProof(parsing: "c2sp.org/tlog-proof@v1\nextra !\nindex 0\n\n" + note)
        }
        #expect(throws: TlogProofError.badIndex("index 01")) {
            try TlogProof(parsing: "c2sp.org/tlog-proof@v1\nindex 01\n\n" + note)
        }
        #expect(throws: TlogProofError.badIndex("")) { try TlogProof(parsing: "c2sp.org/tlog-proof@v1\n") }
        #expect(throws: TlogProofError.badProofHash(line: 4)) {
            try TlogProof(parsing: "c2sp.org/tlog-proof@v1\nindex 0\n\(hash)\nAAAA\n\n" + note)
        }
        #expect(throws: TlogProofError.missingCheckpoint) {
            try TlogProof(parsing: "c2sp.org/tlog-proof@v1\nindex 0\n\(hash)\n")
        }
        #expect(throws: NoteError.missingSignatures) {
            try TlogProof(parsing: "c2sp.org/tlog-proof@v1\nindex 0\n\nnews.example/log\n4\n\(hash)\n")
        }
    }
}
