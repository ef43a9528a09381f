import Coding
public import Editorial
public import EventStore
import Foundation

/// A stored event's data, parsed by Galley's own JSON parser and decoded from the parsed document: the reader
/// for folding stories, several times cheaper than `JSONDecoder` over the same text. It reads the data exactly
/// as `EditorialCoding.decoder` does (a test decodes every kind of event both ways).
struct StoredEventData: EventPayloadDecoding {
    /// Event data's conventions: snake_case keys, RFC 3339 dates.
    static let decoder = JSONValueDecoder(convertFromSnakeCase: true, date: { EditorialCoding.date(from: $0) })

    /// The parsed data.
    let value: JSONValue

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try Self.decoder.decode(type, from: value)
    }
}

extension ArticleEvent {
    /// Decodes a stored event of a story.
    public static func decode(_ recorded: RecordedEvent) throws -> ArticleEvent {
        try decode(typeName: recorded.type, from: StoredEventData(value: try JSONValue(parsing: recorded.data)))
    }
}
