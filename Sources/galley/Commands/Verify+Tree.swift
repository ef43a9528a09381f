import ArgumentParser
import EventStore
import Foundation
import Galley
import Transparency

/// `galley verify`'s checks against the log's signed tree, offline: a proof file, or a whole export.
extension Verify {
    /// The keys to trust: the log's, the witnesses' and how many witnesses must have cosigned.
    struct TreeKeys {
        let log: NoteVerifier
        let witnesses: [NoteVerifier]
        let quorum: Int
    }

    /// Parses `--key`, `--witness` and `--quorum`; a key that does not parse is invalid input.
    func treeKeys(log: String) throws -> TreeKeys {
        let witnesses = try witness.map { try VerifierKey.parse($0, option: "--witness", type: .cosignatureV1) }
        return TreeKeys(
            log: try VerifierKey.parse(log, option: "--key", type: .ed25519), witnesses: witnesses,
            quorum: quorum ?? witnesses.count)
    }

    /// Checks a proof file offline: the event's hash from its content, the inclusion proof, the signatures.
    func verifyProof(_ proofPath: String, keys: TreeKeys, event eventPath: String) throws {
        guard let proofText = try? String(contentsOfFile: proofPath, encoding: .utf8) else {
            throw GalleyError.notFound("cannot read the proof \(proofPath)")
        }
        guard let eventText = try? String(contentsOfFile: eventPath, encoding: .utf8) else {
            throw GalleyError.notFound("cannot read the event \(eventPath)")
        }
        let refusal: String
        do {
            let hash = try EventFile.hash(of: eventText)
            let parsed = try TlogProof(parsing: proofText)
            let checkpoint = try TlogProof.verify(
                proof: parsed, entry: hash, verifiers: [keys.log], witnesses: keys.witnesses, quorum: keys.quorum)
            print(
                "verified: the event is leaf \(parsed.index) of \(checkpoint.origin)'s tree of \(checkpoint.size) leaves"
                    + Self.cosigned(keys))
            return
        } catch let error as EventFile.Refusal {
            refusal = "the event does not verify: \(error)"
        } catch {
            refusal = "the proof does not verify: \(error)"
        }
        throw Self.failure(refusal)
    }

    /// Checks that an export is exactly the first leaves of a signed tree; with a mirror of the tree's tiles, a
    /// difference is named by the first event that differs.
    func verifyExport(_ file: String, checkpoint path: String, keys: TreeKeys, tiles: String?) async throws {
        guard FileManager.default.isReadableFile(atPath: file) else {
            throw GalleyError.notFound("cannot read the export \(file)")
        }
        let checkpoint = try verifiedCheckpoint(path, keys: keys)
        let (report, export): (VerificationReport, ExportVerifier)
        do {
            (report, export) = try ExportVerifier.verify(file: URL(fileURLWithPath: file), collectingLeaves: true)
        } catch let error as EventStoreError {
            throw Self.failure("\(file) does not verify: \(error.description)")
        }
        if let broken = report.firstBroken { throw Self.failure("the export is broken at \(broken)") }
        guard export.startsAtLogStart else {
            throw Self.failure(
                "the export starts after the log's first event; make one from the start (galley export without --after)"
            )
        }
        let size = checkpoint.size
        guard UInt64(export.leaves.count) >= size else {
            throw Self.failure(
                "the export holds \(export.leaves.count) events, fewer than the \(size) leaves of the checkpoint")
        }
        let leaves = export.leaves.prefix(Int(size))
        let exported = MemoryHashStore(entries: leaves.map(\.hash))
        let root = try await MerkleTree.rootHash(size: size, reader: exported)
        if root == checkpoint.root {
            print(
                "verified: the export's first \(size) events are exactly the tree of \(size) leaves that "
                    + "\(checkpoint.origin) signed" + Self.cosigned(keys))
            return
        }
        let differs = "the export is not the tree that \(checkpoint.origin) signed at \(size) leaves"
        guard let tiles else {
            throw Self.failure(
                "\(differs): its first \(size) events hash to \(root.base64), the checkpoint says "
                    + "\(checkpoint.root.base64) (--tiles with a mirror of that tree names the first event that differs)"
            )
        }
        let mirror = TileHashReader(treeSize: size, source: DirectoryTiles(root: URL(fileURLWithPath: tiles)))
        let mirrored: MerkleHash
        do {
            mirrored = try await MerkleTree.rootHash(size: size, reader: mirror)
        } catch {
            throw Self.failure("\(differs), and the tiles in \(tiles) cannot be read: \(error)")
        }
        guard mirrored == checkpoint.root else {
            throw Self.failure(
                "\(differs), and the tiles in \(tiles) are not that tree either (not a mirror of this checkpoint)")
        }
        guard let index = try await MerkleTree.firstDifferingLeaf(size: size, exported, mirror) else {
            throw Self.failure(differs)
        }
        let leaf = leaves[leaves.startIndex + Int(index)]
        throw Self.failure(
            "\(differs): the first leaf that differs is \(index), the event at position \(leaf.position) "
                + "(\(leaf.streamID) version \(leaf.version)); it, or one before it, was changed after the log signed")
    }

    /// Checks a checkpoint alone: the log's signature for its origin and the witnesses' quorum.
    func verifyCheckpoint(_ path: String, keys: TreeKeys) throws {
        let checkpoint = try verifiedCheckpoint(path, keys: keys)
        print(
            "verified: \(checkpoint.origin) signed its tree of \(checkpoint.size) leaves, root \(checkpoint.root.base64)"
                + Self.cosigned(keys))
    }

    /// The checkpoint in the file at `path`, once its signatures verify; a failure is a finding (exit 1).
    func verifiedCheckpoint(_ path: String, keys: TreeKeys) throws -> Checkpoint {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw GalleyError.notFound("cannot read the checkpoint \(path)")
        }
        do {
            return try Checkpoint.verified(
                try SignedNote(parsing: text), logKeys: [keys.log], witnesses: keys.witnesses, quorum: keys.quorum)
        } catch {
            throw Self.failure("the checkpoint does not verify: \(error)")
        }
    }

    /// The words after "verified ..." naming the witnesses that cosigned.
    static func cosigned(_ keys: TreeKeys) -> String {
        keys.witnesses.isEmpty
            ? "" : ", cosigned by at least \(keys.quorum) of the \(keys.witnesses.count) witnesses given"
    }

    /// Says why on standard error and gives exit code 1: a check that fails is a finding, not a fault.
    static func failure(_ reason: String) -> ExitCode {
        FileHandle.standardError.write(Data("galley: \(reason)\n".utf8))
        return ExitCode(1)
    }
}
