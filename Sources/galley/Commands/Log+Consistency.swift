import ArgumentParser
import Foundation
import Galley
import Postgres
import Transparency

extension Log {
    /// `galley log consistency`: proof that a newer checkpoint's tree extends an older one's.
    struct Consistency: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prove from the log's tree that a newer checkpoint extends an older one, and check the proof.",
            discussion: """
                Prints the RFC 6962 consistency proof, one base64 hash a line, from the older checkpoint's tree to \
                the newer one's (the latest signed when NEW is not given), after checking it against both roots. \
                Exits 1 when the log's tree does not extend the older checkpoint: the log was changed after it \
                was signed. With --key, both checkpoints must carry the log's signature.

                Examples:
                  galley log consistency old.checkpoint
                  galley log consistency old.checkpoint new.checkpoint --key "$(cat log.vkey)"
                """)

        @Argument(help: ArgumentHelp("The older checkpoint, a signed note.", valueName: "OLD_CHECKPOINT"))
        var old: String

        @Argument(help: ArgumentHelp("The newer checkpoint (default: the latest signed).", valueName: "NEW_CHECKPOINT"))
        var new: String?

        @Option(help: ArgumentHelp("The log's verifier key: check both checkpoints' signatures.", valueName: "VKEY"))
        var key: String?

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.report {
                let verifier = try key.map { try VerifierKey.parse($0, option: "--key", type: .ed25519) }
                let older = try read(old, verifier)
                let proof = try await database.withConnection { connection -> [MerkleHash] in
                    let newer: Transparency.Checkpoint
                    if let new {
                        newer = try read(new, verifier)
                    } else if let latest = try await LogCheckpointer.latest(on: connection) {
                        newer = try Transparency.Checkpoint(text: try SignedNote(parsing: latest.note).text)
                    } else {
                        throw GalleyError.notFound("the log has no signed checkpoint yet (galley log checkpoint)")
                    }
                    guard older.origin == newer.origin else {
                        throw GalleyError.invalidInput(
                            "the checkpoints are of two logs: \(older.origin), \(newer.origin)")
                    }
                    guard older.size <= newer.size else {
                        throw GalleyError.invalidInput(
                            "the older checkpoint has \(older.size) leaves, more than the newer's \(newer.size)")
                    }
                    let built = try await LogTreeStore.size(on: connection)
                    guard built >= newer.size else {
                        throw GalleyError.notFound(
                            "the log's tree has \(built) leaves, fewer than the newer checkpoint's \(newer.size)")
                    }
                    let proof = try await ConsistencyProof.make(
                        oldSize: older.size, newSize: newer.size,
                        reader: TileHashReader(treeSize: newer.size, source: StoredTiles(connection: connection)))
                    do {
                        try proof.verify(oldRoot: older.root, newRoot: newer.root)
                    } catch ProofError.rootMismatch {
                        throw Verify.failure(
                            "the log's tree of \(newer.size) leaves is not the tree the newer checkpoint signed: the "
                                + "log was changed after that checkpoint was signed")
                    } catch {
                        throw Verify.failure(
                            "the log's tree of \(newer.size) leaves does not extend the checkpoint of \(older.size) "
                                + "leaves (\(error)): the log was changed after that checkpoint was signed")
                    }
                    return proof.hashes
                }
                for hash in proof { print(hash.base64) }
            }
        }

        /// A checkpoint file's tree head; with `verifier`, only when the log signed it.
        func read(_ path: String, _ verifier: NoteVerifier?) throws -> Transparency.Checkpoint {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw GalleyError.notFound("cannot read the checkpoint \(path)")
            }
            // A checkpoint whose signature fails is a finding, as in galley verify; one that is not a checkpoint at
            // all is invalid input.
            let note: SignedNote
            do {
                note = try SignedNote(parsing: text)
            } catch {
                throw GalleyError.invalidInput("\(path) is not a signed note: \(error)")
            }
            do {
                if let verifier {
                    return try .verified(note, logKeys: [verifier], witnesses: [], quorum: 0)
                }
                return try Transparency.Checkpoint(text: note.text)
            } catch {
                throw Verify.failure("\(path) does not verify: \(error)")
            }
        }
    }
}
