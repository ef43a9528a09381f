/// One statement parameter, ready for libpq: its type, wire format and bytes.
public struct PostgresBinding: Sendable, Equatable {
    /// The wire format of a parameter's bytes.
    public enum Format: Int32, Sendable {
        /// Text, as `psql` would print the value.
        case text = 0
        /// PostgreSQL's binary send/receive format.
        case binary = 1
    }

    /// The parameter's type; `.unspecified` lets the server infer it.
    public var type: PostgresType
    /// How `bytes` are to be read.
    public var format: Format
    /// The encoded value, or nil for SQL NULL.
    public var bytes: [UInt8]?

    /// Creates a binding from its parts.
    public init(type: PostgresType, format: Format, bytes: [UInt8]?) {
        self.type = type
        self.format = format
        self.bytes = bytes
    }

    /// SQL NULL with a server-inferred type.
    public static let null = PostgresBinding(type: .unspecified, format: .text, bytes: nil)
}
