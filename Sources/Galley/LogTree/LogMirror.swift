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
        let reader = TileHashReader(treeSize: checkpoint.size, source: FetchedTiles(tiles: tiles))
        guard try await MerkleTree.rootHash(size: checkpoint.size, reader: reader) == checkpoint.root else {
            throw GalleyError.conflict(
                "the tiles at \(source.absoluteString) do not hash to the root of its checkpoint of "
                    + "\(checkpoint.size) leaves; nothing was written")
        }
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
        var prefix = source.absoluteString
        while prefix.hasSuffix("/") { prefix.removeLast() }
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: prefix + "/" + path), timeout: .seconds(30))
        guard response.status.code == 200 else {
            throw GalleyError.notFound("\(prefix)/\(path) answered \(response.status.code)")
        }
        return Array(buffer: try await response.body.collect(upTo: 1 << 20))
    }

    /// Tiles held in memory until they are checked.
    private struct FetchedTiles: TileReader {
        let tiles: [Tile: [UInt8]]

        func read(tiles wanted: [Tile]) async throws -> [[UInt8]] {
            try wanted.map { tile in
                guard let bytes = tiles[tile] else { throw TileError.missing(tile.path) }
                return bytes
            }
        }
    }
}
