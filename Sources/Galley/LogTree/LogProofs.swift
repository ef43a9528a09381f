import EventStore
public import Postgres
import Transparency

/// Proofs that an event is in the log's tree, as C2SP tlog-proof files against the latest signed checkpoint.
public enum LogProofs {
    /// The tlog-proof file for the event at `position`: its leaf index, the inclusion proof and the checkpoint.
    public static func proof(position: Int64, on connection: Connection) async throws -> String {
        guard let index = try await LogTreeStore.leafIndex(position: position, on: connection) else {
            throw GalleyError.notFound("the log's tree holds no event at position \(position)")
        }
        guard let latest = try await LogCheckpointer.latest(on: connection), latest.size > index else {
            throw GalleyError.notFound(
                "no signed checkpoint covers position \(position) yet (galley log checkpoint signs one)")
        }
        let reader = TileHashReader(treeSize: latest.size, source: StoredTiles(connection: connection))
        let inclusion: InclusionProof
        do {
            inclusion = try await InclusionProof.make(index: index, treeSize: latest.size, reader: reader)
        } catch is TileMissing {
            // The tree is being built again from the log (after a reset) and has not reached this checkpoint.
            throw GalleyError.notFound(
                "the log's tree is being rebuilt and does not reach the checkpoint yet; try again")
        }
        return TlogProof(index: index, hashes: inclusion.hashes, checkpoint: try SignedNote(parsing: latest.note))
            .serialized
    }

    /// The position of a stream's event at `version`, or of its latest event without one.
    public static func position(stream: String, version: Int64?, on connection: Connection) async throws -> Int64 {
        guard let position = try await EventStore.position(of: stream, version: version, on: connection) else {
            throw GalleyError.notFound(version.map { "\(stream) has no version \($0)" } ?? "\(stream) has no events")
        }
        return position
    }
}
