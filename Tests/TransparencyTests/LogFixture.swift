import Transparency

/// A small signed log for tests: entries in memory, a checkpoint signed by the log and cosigned by two witnesses.
struct LogFixture {
    let entries: [[UInt8]]
    let store: MemoryHashStore
    let log = Keys.log()
    let witnesses = [Keys.witness("witness.example/w1", seed: 11), Keys.witness("witness.example/w2", seed: 12)]

    /// A log of `size` entries, each the bytes of "event <i>".
    init(size: Int) {
        entries = (0..<size).map { Array("event \($0)".utf8) }
        store = MemoryHashStore(entries: entries)
    }

    /// The checkpoint of the first `size` leaves, signed by the log and every witness.
    func checkpoint(size: UInt64) async throws -> SignedNote {
        let root = try await MerkleTree.rootHash(size: size, reader: store)
        let text = Checkpoint(origin: log.verifier.name, size: size, root: root).text
        var note = try SignedNote.sign(text: text, signers: [log])
        for witness in witnesses { note = note.adding(try witness.sign(text: text, time: 1_700_000_000)) }
        return note
    }

    /// The proof that entry `index` is in the tree of `size` leaves.
    func proof(index: UInt64, size: UInt64) async throws -> TlogProof {
        let inclusion = try await InclusionProof.make(index: index, treeSize: size, reader: store)
        return TlogProof(index: index, hashes: inclusion.hashes, checkpoint: try await checkpoint(size: size))
    }
}
