import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
public import Transparency

/// Copies a log's latest signed checkpoint and the tiles of its tree into a folder, as tlog-tiles lays them out:
/// what an auditor keeps of a tree it has checked, to hold later exports and checkpoints against.
public struct LogMirror: Sendable {
    /// The log's tlog-tiles prefix (`https://news.example.org/log`).
    public let source: URL
    /// The log's verifier key.
    public let key: NoteVerifier
    /// The folder to write.
    public let folder: URL

    /// The largest tree mirrored: its tiles, about 32 MiB a million leaves, are checked in memory.
    public static let maximumSize: UInt64 = 50_000_000

    /// Mirrors `source`, trusting checkpoints `key` signed, into `folder`.
    public init(source: URL, key: NoteVerifier, folder: URL) {
        self.source = source
        self.key = key
        self.folder = folder
    }

    /// Fetches the checkpoint and every tile of its tree not already in the folder (tiles never change), checks
    /// that they hash to the checkpoint's root and that the tree extends the checkpoint the folder held (if any),
    /// and only then writes them and the checkpoint. Returns the checkpoint and how many tiles were fetched.
    public func run() async throws -> (checkpoint: Checkpoint, fetched: Int) {
        let noteText = try await fetch("checkpoint")
        let checkpoint: Checkpoint
        do {
            checkpoint = try Checkpoint.verified(
                try SignedNote(bytes: noteText), logKeys: [key], witnesses: [], quorum: 0)
        } catch {
            throw GalleyError.conflict("the log's checkpoint at \(source.absoluteString) does not verify: \(error)")
        }
        // Every tile is held in memory until all are checked: past this, a mirror is more than one process holds.
        guard checkpoint.size <= Self.maximumSize else {
            throw GalleyError.invalidInput(
                "the log's tree has \(checkpoint.size) leaves; this command mirrors trees of up to \(Self.maximumSize)")
        }
        let held = try heldCheckpoint()
        if let held, held.origin != checkpoint.origin {
            throw GalleyError.conflict(
                "\(folder.path) holds a checkpoint of \(held.origin), not \(checkpoint.origin): mirror each log to a folder of its own"
            )
        }
        if let held, held.size > checkpoint.size {
            throw GalleyError.conflict(
                "the log's checkpoint has \(checkpoint.size) leaves, fewer than the \(held.size) this folder holds: "
                    + "the log has gone back; nothing was written")
        }
        let kept = DirectoryTiles(root: folder)
        var tiles: [Tile: [UInt8]] = [:]
        var fetched = 0
        for tile in Tile.tiles(treeSize: checkpoint.size) {
            if let bytes = try? await kept.read(tiles: [tile])[0] {
                tiles[tile] = bytes
            } else {
                tiles[tile] = try await fetch(tile.path)
                fetched += 1
            }
        }
        let fetchedTiles = MemoryTiles(tiles: tiles)
        do {
            try await fetchedTiles.verify(size: checkpoint.size, root: checkpoint.root)
        } catch {
            throw GalleyError.conflict(
                "the tiles of \(source.absoluteString) and this folder are not the tree of its checkpoint of "
                    + "\(checkpoint.size) leaves (\(error)); nothing was written")
        }
        let reader = TileHashReader(treeSize: checkpoint.size, source: fetchedTiles)
        // The new tree's first leaves must be the tree held: a log that rewrote them is caught here, whichever
        // tiles the rewrite touched.
        if let held {
            let proof = try await ConsistencyProof.make(oldSize: held.size, newSize: checkpoint.size, reader: reader)
            do {
                try proof.verify(oldRoot: held.root, newRoot: checkpoint.root)
            } catch {
                throw GalleyError.conflict(
                    "the log's tree of \(checkpoint.size) leaves does not extend the checkpoint of \(held.size) leaves "
                        + "this folder holds: the log was changed after it signed that one; nothing was written")
            }
        }
        for (tile, bytes) in tiles { try kept.write(bytes, of: tile) }
        try Data(noteText).write(to: folder.appendingPathComponent("checkpoint"), options: .atomic)
        return (checkpoint, fetched)
    }

    /// The checkpoint the folder holds from an earlier run, checked with the log's key; nil if it holds none.
    private func heldCheckpoint() throws -> Checkpoint? {
        guard let text = try? Data(contentsOf: folder.appendingPathComponent("checkpoint")) else { return nil }
        do {
            return try Checkpoint.verified(try SignedNote(bytes: text), logKeys: [key], witnesses: [], quorum: 0)
        } catch {
            throw GalleyError.conflict(
                "\(folder.path)/checkpoint is not a checkpoint this key signed (\(error)): mirror each log to a folder "
                    + "of its own")
        }
    }

    private func fetch(_ path: String) async throws -> [UInt8] {
        let address = source.joining(path)
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(HTTPClientRequest(url: address), timeout: .seconds(30))
        } catch {
            throw GalleyError.notFound("cannot fetch \(address): \(error)")
        }
        guard response.status.code == 200 else {
            throw GalleyError.notFound("\(address) answered \(response.status.code)")
        }
        return Array(buffer: try await response.body.collect(upTo: 1 << 20))
    }
}
