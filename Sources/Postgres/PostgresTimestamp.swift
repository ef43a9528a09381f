/// A `timestamptz` kept as PostgreSQL keeps it, whole microseconds, so it round-trips exactly (a `Date` may not).
public struct PostgresTimestamp: Hashable, Sendable, Comparable {
    /// Microseconds since 1970-01-01 00:00:00 UTC.
    public var microsecondsSinceUnixEpoch: Int64

    /// Wraps a count of microseconds since the Unix epoch.
    public init(microsecondsSinceUnixEpoch: Int64) {
        self.microsecondsSinceUnixEpoch = microsecondsSinceUnixEpoch
    }

    /// Orders by time.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.microsecondsSinceUnixEpoch < rhs.microsecondsSinceUnixEpoch
    }

    static let epochOffset: Int64 = 946_684_800_000_000
}

extension PostgresTimestamp: PostgresArrayElement, PostgresDecodable {
    /// `timestamp with time zone`
    public static var postgresElementType: PostgresType { .timestamptz }
    /// `timestamp with time zone[]`
    public static var postgresArrayType: PostgresType { .timestamptzArray }

    /// Microseconds since 2000-01-01 UTC, big-endian.
    public func encodeBinary(into buffer: inout [UInt8]) {
        buffer.appendBigEndian(microsecondsSinceUnixEpoch - Self.epochOffset)
    }

    /// Reads `timestamp with time zone` and `timestamp` (taken as UTC).
    public init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure) {
        guard type == .timestamptz || type == .timestamp else { throw .typeMismatch(PostgresTimestamp.self, type) }
        guard bytes.count == 8 else { throw .malformed(type, bytes.count) }
        self.init(microsecondsSinceUnixEpoch: bytes.bigEndian(Int64.self) &+ Self.epochOffset)
    }
}
