import EventStore
import Foundation

/// How the log's events are shown to people and to scripts, alike for the CLI and the HTTP service.
public enum EventPresentation {
    /// One JSON object: position, stream, version, type, data, metadata, recorded time (text and microseconds)
    /// and hash (hex). Data and metadata are embedded as JSON, so a verifier can recompute the hash.
    public static func json(_ event: RecordedEvent) -> String {
        var line = "{\"position\":\(event.position),\"stream\":\(quoted(event.streamID)),\"version\":\(event.version)"
        line += ",\"type\":\(quoted(event.type)),\"data\":\(event.data),\"metadata\":\(event.metadataJSON)"
        line += ",\"recorded_at\":\"\(Timestamp.rfc3339(microseconds: event.recordedAtMicroseconds))\""
        line += ",\"recorded_at_us\":\(event.recordedAtMicroseconds),\"hash\":\"\(event.hashHex)\"}"
        return line
    }

    /// One line for a terminal: position, stream and version, type, time, actor and a short data excerpt.
    public static func line(_ event: RecordedEvent) -> String {
        let actor = (try? event.metadata().actor) ?? "?"
        var excerpt = event.data
        if excerpt.count > 80 { excerpt = String(excerpt.prefix(77)) + "..." }
        return "#\(event.position)  \(event.streamID)@\(event.version)  \(event.type)  "
            + "\(Timestamp.rfc3339(microseconds: event.recordedAtMicroseconds))  \(actor)  \(excerpt)"
    }

    static func quoted(_ text: String) -> String {
        JSONValue.string(text).canonicalText
    }
}
