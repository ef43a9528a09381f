/// Trusting a checkpoint: the log's signature for its origin and the witnesses' quorum.
extension Checkpoint {
    /// Checks that one of `logKeys` named for the checkpoint's origin signed `note` and that at least `quorum`
    /// distinct `witnesses` cosigned it, and returns the checkpoint the note holds.
    ///
    /// Throws the first failure: a ``NoteError`` for a bad or missing signature, a ``CheckpointError`` for a text
    /// that is not a checkpoint, a ``TlogProofError`` for the wrong origin or too few witnesses.
    public static func verified(
        _ note: SignedNote, logKeys: [NoteVerifier], witnesses: [NoteVerifier], quorum: Int
    ) throws -> Checkpoint {
        // The text means nothing until a log key has vouched for it, so signatures come before parsing.
        let signers = try note.verify(by: logKeys.filter { $0.type == .ed25519 })
        let checkpoint = try Checkpoint(text: note.text)
        guard signers.contains(where: { $0.name == checkpoint.origin }) else {
            throw TlogProofError.notSignedForOrigin(checkpoint.origin)
        }
        let cosigners = try note.verifiedKeys(among: witnesses.filter { $0.type == .cosignatureV1 })
        guard cosigners.count >= quorum else {
            throw TlogProofError.quorumNotMet(required: quorum, cosigned: cosigners.count)
        }
        return checkpoint
    }
}
