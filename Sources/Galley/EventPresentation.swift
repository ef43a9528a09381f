import Coding
public import EventStore
import Foundation

/// How the log's events are shown to people and to scripts, alike for the CLI and the HTTP service.
public enum EventPresentation {
    /// One JSON object: position, stream, version, type, data, metadata, recorded time (text and microseconds)
    /// and hash (hex); the log's export line (see `RecordedEvent.exportLine`), so a verifier can recompute it.
    public static func json(_ event: RecordedEvent) -> String { event.exportLine() }

    /// One line for a terminal: position, stream and version, type, time, actor and a short data excerpt.
    public static func line(_ event: RecordedEvent) -> String {
        let actor = (try? event.metadata().actor) ?? "?"
        var excerpt = event.data
        if excerpt.count > 80 { excerpt = String(excerpt.prefix(77)) + "..." }
        return "#\(event.position)  \(event.streamID)@\(event.version)  \(event.type)  "
            + "\(Timestamp.rfc3339(microseconds: event.recordedAtMicroseconds))  \(actor)  \(excerpt)"
    }
}
