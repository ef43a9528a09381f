import Foundation

/// A c2sp.org/tlog-proof@v1 file: an entry's index, its inclusion proof and the signed checkpoint it leads to,
/// checkable offline with the log's and the witnesses' public keys.
public struct TlogProof: Sendable, Hashable {
    /// The first line of every proof file.
    public static let header = "c2sp.org/tlog-proof@v1"

    /// Opaque application data, not authenticated by anything in the proof.
    public let extra: [UInt8]?
    /// The zero-based index of the entry in the log.
    public let index: UInt64
    /// The inclusion proof, from the leaf's sibling up.
    public let hashes: [MerkleHash]
    /// The signed checkpoint, with any cosignatures, verbatim.
    public let checkpoint: SignedNote

    /// Assembles a proof from its parts.
    public init(extra: [UInt8]? = nil, index: UInt64, hashes: [MerkleHash], checkpoint: SignedNote) {
        self.extra = extra
        self.index = index
        self.hashes = hashes
        self.checkpoint = checkpoint
    }

    /// Parses a proof file; the checkpoint note is parsed too, its signatures not yet checked.
    public init(parsing text: String) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var next = 0
        guard lines[next] == Self.header else { throw TlogProofError.missingHeader }
        next += 1
        var extra: [UInt8]?
        if next < lines.count, lines[next].hasPrefix("extra ") {
            guard let data = Data(base64Encoded: String(lines[next].dropFirst(6))) else {
                throw TlogProofError.badExtra
            }
            extra = Array(data)
            next += 1
        }
        let indexLine = next < lines.count ? lines[next] : ""
        let digits = indexLine.dropFirst(6)
        guard indexLine.hasPrefix("index "), let index = CanonicalDecimal.value(of: digits) else {
            throw TlogProofError.badIndex(String(indexLine))
        }
        next += 1
        var hashes: [MerkleHash] = []
        while next < lines.count, !lines[next].isEmpty {
            // Line numbers count from 1, so they match what an editor shows.
            guard let hash = MerkleHash(base64: lines[next]), hash.base64 == lines[next] else {
                throw TlogProofError.badProofHash(line: next + 1)
            }
            hashes.append(hash)
            next += 1
        }
        // A blank line, then the checkpoint note as it was served.
        guard next + 1 < lines.count else { throw TlogProofError.missingCheckpoint }
        let note = try SignedNote(parsing: lines[(next + 1)...].joined(separator: "\n"))
        self.init(extra: extra, index: index, hashes: hashes, checkpoint: note)
    }

    /// The proof file's text.
    public var serialized: String {
        var lines = [Self.header]
        if let extra { lines.append("extra " + Data(extra).base64EncodedString()) }
        lines.append("index \(index)")
        lines += hashes.map(\.base64)
        return lines.map { $0 + "\n" }.joined() + "\n" + checkpoint.serialized
    }

    /// Checks everything the proof claims, in the order tlog-proof gives: the log signed the checkpoint for its
    /// origin, at least `quorum` distinct `witnesses` cosigned it, and `entry` sits at ``index`` of its tree.
    ///
    /// Returns the verified checkpoint; throws the first failure (a ``NoteError``, ``CheckpointError``,
    /// ``TlogProofError`` or ``ProofError``).
    @discardableResult
    public static func verify(
        proof: TlogProof, entry: some Sequence<UInt8>, verifiers: [NoteVerifier], witnesses: [NoteVerifier],
        quorum: Int
    ) throws -> Checkpoint {
        let checkpoint = try Checkpoint.verified(
            proof.checkpoint, logKeys: verifiers, witnesses: witnesses, quorum: quorum)
        let inclusion = InclusionProof(index: proof.index, treeSize: checkpoint.size, hashes: proof.hashes)
        try inclusion.verify(leafHash: MerkleTree.leafHash(entry), root: checkpoint.root)
        return checkpoint
    }
}
