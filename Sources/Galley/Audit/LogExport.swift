import EventStore
import Foundation
public import Postgres

/// Streams the log as export lines (see `RecordedEvent.exportLine`), up to at least its head as it was at the start,
/// between a header and a closing manifest of what the file holds (see `ExportManifest`).
public enum LogExport {
    /// Writes every event after `checkpoint`; returns how many. The first event of a stream whose earlier
    /// events fall before the checkpoint carries its previous hash, so the export can be verified alone.
    public static func jsonl(
        configuration: ConnectionConfiguration, after checkpoint: Int64, write: (String) throws -> Void
    ) async throws -> Int {
        try await Connection.with(configuration) { connection in
            var seen: Set<String> = []
            var manifest = ExportManifest()
            try write(ExportManifest.headerLine(after: checkpoint))
            for try await batch in LogTail(on: connection, after: checkpoint, until: .head, batchSize: 5_000) {
                for event in batch {
                    // Only a stream's first event in the export needs its predecessor's hash.
                    let previous =
                        seen.insert(event.streamID).inserted
                        ? try await EventStore.previousHash(of: event, on: connection) : nil
                    try write(event.exportLine(previousHash: previous))
                    manifest.add(event)
                }
            }
            try write(manifest.trailerLine)
            return manifest.events
        }
    }
}
