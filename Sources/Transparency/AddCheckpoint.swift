/// A tlog-witness `add-checkpoint` request: the size the log believes the witness last cosigned, a consistency
/// proof from that size, and the new signed checkpoint.
public struct AddCheckpoint: Sendable, Hashable {
    /// The most proof lines a request may carry (a tree of 64-bit size never needs more).
    public static let maximumProofLines = 63

    /// The size of the checkpoint the witness last cosigned for this log, or 0.
    public let oldSize: UInt64
    /// The consistency proof from ``oldSize`` to the checkpoint's size.
    public let proof: [MerkleHash]
    /// The new checkpoint, signed by the log.
    public let checkpoint: SignedNote

    /// Assembles a request.
    public init(oldSize: UInt64, proof: [MerkleHash], checkpoint: SignedNote) {
        self.oldSize = oldSize
        self.proof = proof
        self.checkpoint = checkpoint
    }

    /// Parses a request body; every failure is a ``WitnessRefusal/malformedRequest(_:)`` (400).
    public init(body: String) throws(WitnessRefusal) {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        let sizeText = lines[0].hasPrefix("old ") ? lines[0].dropFirst(4) : ""
        guard let oldSize = CanonicalDecimal.value(of: sizeText) else {
            throw .malformedRequest("the first line is not old and a decimal size")
        }
        var next = 1
        var proof: [MerkleHash] = []
        while next < lines.count, !lines[next].isEmpty {
            guard let hash = MerkleHash(base64: lines[next]), hash.base64 == lines[next] else {
                throw .malformedRequest("line \(next + 1) is not the base64 of a 32-byte hash")
            }
            proof.append(hash)
            next += 1
        }
        guard proof.count <= Self.maximumProofLines else {
            throw .malformedRequest("more than \(Self.maximumProofLines) proof lines")
        }
        guard next + 1 < lines.count else { throw .malformedRequest("no blank line and checkpoint follow the proof") }
        do {
            let note = try SignedNote(parsing: lines[(next + 1)...].joined(separator: "\n"))
            self.init(oldSize: oldSize, proof: proof, checkpoint: note)
        } catch {
            throw .malformedRequest("\(error)")
        }
    }

    /// The request body as a log sends it.
    public var body: String {
        (["old \(oldSize)"] + proof.map(\.base64)).map { $0 + "\n" }.joined() + "\n" + checkpoint.serialized
    }

    /// The checkpoint's origin line, the only part read before its signature is checked: it picks the keys.
    public var origin: String { String(checkpoint.text.prefix { $0 != "\n" }) }

    /// Applies tlog-witness's checks in its order and returns the checkpoint the witness may cosign.
    ///
    /// `logs` are the log keys the witness trusts, by origin; `latest` is the checkpoint it last cosigned for
    /// this origin (nil if none). The caller must record the result and cosign atomically with this check.
    public func check(logs: [String: [NoteVerifier]], latest: Checkpoint?) throws(WitnessRefusal) -> Checkpoint {
        guard let keys = logs[origin], !keys.isEmpty else { throw .unknownOrigin(origin) }
        do {
            try checkpoint.verify(by: keys)
        } catch {
            throw .unauthenticated("\(error)")
        }
        let new: Checkpoint
        do {
            new = try Checkpoint(text: checkpoint.text)
        } catch {
            throw .malformedRequest("\(error)")
        }
        // No database, and no witness's record of it, holds a tree past 2^63 - 1 leaves.
        guard new.size <= UInt64(Int64.max) else { throw .malformedRequest("a tree size above 2^63 - 1") }
        guard oldSize <= new.size else { throw .oldSizeTooLarge(old: oldSize, size: new.size) }
        let latestSize = latest?.size ?? 0
        guard oldSize == latestSize else { throw .conflict(latestSize: latestSize) }
        // The same size with another root is a fork at the witness's own size: tlog-witness answers it 409.
        if let latest, latest.size == new.size, latest.root != new.root { throw .conflict(latestSize: latestSize) }
        guard new.size > 0 || new.root == MerkleTree.emptyRoot else {
            throw .inconsistent("a tree of size 0 must have the empty tree's root")
        }
        // With nothing cosigned before, the empty tree is the old tree: any tree extends it, so no proof is due.
        let oldRoot = latest?.root ?? MerkleTree.emptyRoot
        do {
            try ConsistencyProof(oldSize: oldSize, newSize: new.size, hashes: proof).verify(
                oldRoot: oldRoot, newRoot: new.root)
        } catch {
            throw .inconsistent("\(error)")
        }
        return new
    }
}
