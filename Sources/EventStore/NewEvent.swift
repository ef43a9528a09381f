public import Coding

/// An event about to be appended: its type name, its data, and the version of its data's schema.
public struct NewEvent: Sendable, Hashable {
    /// The stable type name, such as `ArticleDrafted`.
    public var type: String
    /// The event's fields.
    public var data: JSONValue
    /// The version of this type's data layout, so old events stay readable after the layout changes.
    public var schemaVersion: Int

    /// Creates an event from JSON data.
    public init(type: String, data: JSONValue, schemaVersion: Int = 1) {
        self.type = type
        self.data = data
        self.schemaVersion = schemaVersion
    }

    /// Creates an event from an `Encodable` value.
    public init<T: Encodable>(type: String, encoding value: T, schemaVersion: Int = 1) throws {
        self.init(type: type, data: try JSONValue(encoding: value), schemaVersion: schemaVersion)
    }
}

/// The version a writer expects a stream to be at; a different version is a conflict, never a lost update.
public enum ExpectedVersion: Sendable, Hashable {
    /// The stream must not exist yet.
    case noStream
    /// The stream's last event must have exactly this version.
    case exact(Int64)
    /// Append at the end, whatever the version.
    case any
}
