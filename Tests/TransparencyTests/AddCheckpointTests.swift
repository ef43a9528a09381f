import Testing
import Transparency

/// A witness's `add-checkpoint` checks, each refusal with the status tlog-witness assigns to it.
@Suite struct AddCheckpointTests {
    let fixture = LogFixture(size: 30)
    var logs: [String: [NoteVerifier]] { ["news.example/log": [fixture.log.verifier]] }

    /// The checkpoint of `size` leaves signed by the log alone.
    func signed(_ size: UInt64) async throws -> SignedNote {
        let root = try await MerkleTree.rootHash(size: size, reader: fixture.store)
        return try SignedNote.sign(
            text: Checkpoint(origin: "news.example/log", size: size, root: root).text, signers: [fixture.log])
    }

    /// A request from `old` to `new` with the real consistency proof.
    func request(from old: UInt64, to new: UInt64) async throws -> AddCheckpoint {
        let proof = try await ConsistencyProof.make(oldSize: old, newSize: new, reader: fixture.store)
        return AddCheckpoint(oldSize: old, proof: proof.hashes, checkpoint: try await signed(new))
    }

    @Test func requestBodiesRoundTrip() async throws {
        let request = try await request(from: 10, to: 30)
        #expect(request.body.hasPrefix("old 10\n\(request.proof[0].base64)\n"))
        #expect(request.body.contains("\n\nnews.example/log\n30\n"))
        #expect(try AddCheckpoint(body: request.body) == request)
    }

    @Test func aWitnessCosignsConsistentGrowthAndTheLogKeepsTheCosignature() async throws {
        let witness = fixture.witnesses[0]
        let first = try await request(from: 0, to: 10)
        let cosigned = try first.check(logs: logs, latest: nil)
        #expect(cosigned.size == 10)
        let second = try await request(from: 10, to: 30)
        let latest = try second.check(logs: logs, latest: cosigned)
        // The witness answers with signature lines; the log appends those that verify to its checkpoint.
        let response = try witness.sign(text: latest.text, time: 1_700_000_100).line
        var note = second.checkpoint
        for signature in try NoteSignature.lines(response) { note = note.adding(signature) }
        #expect(try note.verifiedKeys(among: [witness.verifier]) == [witness.verifier])
        let inclusion = try await InclusionProof.make(index: 17, treeSize: 30, reader: fixture.store)
        let proof = TlogProof(index: 17, hashes: inclusion.hashes, checkpoint: note)
        try TlogProof.verify(
            proof: proof, entry: fixture.entries[17], verifiers: [fixture.log.verifier],
            witnesses: [witness.verifier], quorum: 1)
    }

    @Test func eachRefusalCarriesItsStatus() async throws {
        let latest = try Checkpoint(text: try await signed(10).text)
        let good = try await request(from: 10, to: 30)

        let stranger = AddCheckpoint(
            oldSize: 10, proof: good.proof,
            checkpoint: try SignedNote.sign(
                text: "elsewhere.example/log\n1\n\(latest.root.base64)\n", signers: [fixture.log]))
        #expect(throws: WitnessRefusal.unknownOrigin("elsewhere.example/log")) {
            try stranger.check(logs: logs, latest: latest)
        }
        #expect(WitnessRefusal.unknownOrigin("x").statusCode == 404)

        let unsigned = AddCheckpoint(
            oldSize: 10, proof: good.proof,
            checkpoint: try SignedNote.sign(text: good.checkpoint.text, signers: [Keys.log(seed: 7)]))
        #expect(throws: WitnessRefusal.unauthenticated("the note carries no signature by a known key")) {
            try unsigned.check(logs: logs, latest: latest)
        }
        #expect(WitnessRefusal.unauthenticated("").statusCode == 403)

        let tooLarge = AddCheckpoint(oldSize: 31, proof: [], checkpoint: good.checkpoint)
        #expect(throws: WitnessRefusal.oldSizeTooLarge(old: 31, size: 30)) {
            try tooLarge.check(logs: logs, latest: latest)
        }
        #expect(WitnessRefusal.oldSizeTooLarge(old: 31, size: 30).statusCode == 400)

        let stale = try await request(from: 5, to: 30)
        #expect(throws: WitnessRefusal.conflict(latestSize: 10)) { try stale.check(logs: logs, latest: latest) }
        #expect(WitnessRefusal.conflict(latestSize: 10).statusCode == 409)
        #expect(WitnessRefusal.conflict(latestSize: 10).body == "10\n")

        var forged = good.proof
        forged[0] = MerkleTree.leafHash(Array("forged".utf8))
        let badProof = AddCheckpoint(oldSize: 10, proof: forged, checkpoint: good.checkpoint)
        let error = #expect(throws: WitnessRefusal.self) { try badProof.check(logs: logs, latest: latest) }
        #expect(error?.statusCode == 422)

        let proofFromNothing = AddCheckpoint(oldSize: 0, proof: good.proof, checkpoint: good.checkpoint)
        let expectedLength = ProofError.wrongProofLength(expected: 0, actual: good.proof.count)
        #expect(throws: WitnessRefusal.inconsistent(expectedLength.description)) {
            try proofFromNothing.check(logs: logs, latest: nil)
        }

        let emptyButRooted = AddCheckpoint(
            oldSize: 0, proof: [],
            checkpoint: try SignedNote.sign(
                text: "news.example/log\n0\n\(latest.root.base64)\n", signers: [fixture.log]))
        #expect(throws: WitnessRefusal.inconsistent("a tree of size 0 must have the empty tree's root")) {
            try emptyButRooted.check(logs: logs, latest: nil)
        }
    }

    @Test func aForkAtTheSameSizeIsRefused() async throws {
        // A rewritten log: same size as the cosigned tree but another root, which no proof can reconcile.
        let latest = try Checkpoint(text: try await signed(10).text)
        var rewritten = MemoryHashStore(entries: fixture.entries[..<9])
        rewritten.append(entry: Array("rewritten".utf8))
        let root = try await MerkleTree.rootHash(size: 10, reader: rewritten)
        let fork = AddCheckpoint(
            oldSize: 10, proof: [],
            checkpoint: try SignedNote.sign(text: "news.example/log\n10\n\(root.base64)\n", signers: [fixture.log]))
        // tlog-witness: the same size with another root is 409, with the size the witness holds.
        #expect(throws: WitnessRefusal.conflict(latestSize: 10)) { try fork.check(logs: logs, latest: latest) }
        // And growing from the fork fails against the witness's own record of the old root.
        let grown = try await request(from: 10, to: 30)
        var forkedGrowth = MemoryHashStore(entries: fixture.entries[..<9])
        forkedGrowth.append(entry: Array("rewritten".utf8))
        let lie = AddCheckpoint(
            oldSize: 10, proof: try await ConsistencyProof.make(oldSize: 10, newSize: 10, reader: forkedGrowth).hashes,
            checkpoint: grown.checkpoint)
        let error = #expect(throws: WitnessRefusal.self) { try lie.check(logs: logs, latest: latest) }
        #expect(error?.statusCode == 422)
    }

    @Test func malformedBodiesAreBadRequests() {
        #expect(throws: WitnessRefusal.malformedRequest("the first line is not old and a decimal size")) {
            try AddCheckpoint(body: "old 01\n\nnews.example/log\n")
        }
        #expect(throws: WitnessRefusal.malformedRequest("line 2 is not the base64 of a 32-byte hash")) {
            try AddCheckpoint(body: "old 1\nAAAA\n\nnews.example/log\n")
        }
        #expect(throws: WitnessRefusal.malformedRequest("no blank line and checkpoint follow the proof")) {
            try AddCheckpoint(body: "old 1\n")
        }
        #expect(throws: WitnessRefusal.malformedRequest("the note has no signature lines after a blank line")) {
            try AddCheckpoint(body: "old 0\n\nnews.example/log\n0\nAAAA\n")
        }
        #expect(WitnessRefusal.malformedRequest("x").statusCode == 400)
    }
}
