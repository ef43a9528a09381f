import Coding
import Foundation

/// One event in a file of its own, for checking offline that it is in the log: its export line, with
/// `previous_hash` unless it is its stream's first event, since the chain hash covers the previous one.
public enum EventFile {
    /// Why an event file does not give its hash.
    public struct Refusal: Error, Equatable, CustomStringConvertible {
        /// What is wrong with the file.
        public let description: String
    }

    /// The event's chain hash, recomputed from its content as the hash chain defines it; throws a ``Refusal``
    /// when the text is not one export line, lacks the previous hash it needs, or states a hash its content does
    /// not give.
    public static func hash(of text: String) throws -> [UInt8] {
        let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let event: RecordedEvent
        let previous: [UInt8]?
        do {
            (event, previous) = try RecordedEvent.parse(exportLine: try JSONValue(parsing: line), text: line)
        } catch {
            throw Refusal(description: "it is not one line of galley's JSON-lines export")
        }
        var chain = ChainVerifier()
        if event.version > 1 {
            guard let previous else {
                throw Refusal(description: "it lacks previous_hash, which every event after its stream's first needs")
            }
            chain.anchor(stream: event.streamID, version: event.version - 1, hash: previous)
        }
        if let broken = chain.check(event) { throw Refusal(description: broken.reason) }
        return event.hash
    }

    /// The export line of `event` with the previous hash it needs, as ``hash(of:)`` reads it.
    public static func line(of event: RecordedEvent, previousHash: [UInt8]?) -> String {
        event.exportLine(previousHash: previousHash) + "\n"
    }
}
