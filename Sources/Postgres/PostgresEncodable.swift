public import Foundation

/// A Swift value that can be sent as a statement parameter.
///
/// Values are always sent as parameters, never spliced into SQL text.
public protocol PostgresEncodable: Sendable {
    /// The parameter as libpq receives it.
    var postgresBinding: PostgresBinding { get }
}

/// A value that can also be an element of a PostgreSQL array parameter, in binary format.
public protocol PostgresArrayElement: PostgresEncodable {
    /// The element type of the array, such as `text` for `text[]`.
    static var postgresElementType: PostgresType { get }
    /// The array type whose elements have this type, such as `text[]`.
    static var postgresArrayType: PostgresType { get }
    /// Appends the value's binary representation.
    func encodeBinary(into buffer: inout [UInt8])
}

extension PostgresArrayElement {
    /// Binary, typed: the default for everything but strings.
    public var postgresBinding: PostgresBinding {
        var bytes: [UInt8] = []
        encodeBinary(into: &bytes)
        return PostgresBinding(type: Self.postgresElementType, format: .binary, bytes: bytes)
    }
}

extension [UInt8] {
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }
}

extension String: PostgresArrayElement {
    /// Sent as text of unspecified type, so the server reads it as whatever the statement needs (text, uuid, ...).
    public var postgresBinding: PostgresBinding {
        PostgresBinding(type: .unspecified, format: .text, bytes: Array(utf8))
    }
    /// `text`
    public static var postgresElementType: PostgresType { .text }
    /// `text[]`
    public static var postgresArrayType: PostgresType { .textArray }
    /// The UTF-8 bytes.
    public func encodeBinary(into buffer: inout [UInt8]) { buffer.append(contentsOf: utf8) }
}

extension Int64: PostgresArrayElement {
    /// `bigint`
    public static var postgresElementType: PostgresType { .int8 }
    /// `bigint[]`
    public static var postgresArrayType: PostgresType { .int8Array }
    /// Eight bytes, big-endian.
    public func encodeBinary(into buffer: inout [UInt8]) { buffer.appendBigEndian(self) }
}

extension Int: PostgresArrayElement {
    /// `bigint`
    public static var postgresElementType: PostgresType { .int8 }
    /// `bigint[]`
    public static var postgresArrayType: PostgresType { .int8Array }
    /// Eight bytes, big-endian.
    public func encodeBinary(into buffer: inout [UInt8]) { buffer.appendBigEndian(Int64(self)) }
}

extension Int32: PostgresArrayElement {
    /// `integer`
    public static var postgresElementType: PostgresType { .int4 }
    /// `integer[]`
    public static var postgresArrayType: PostgresType { .int4Array }
    /// Four bytes, big-endian.
    public func encodeBinary(into buffer: inout [UInt8]) { buffer.appendBigEndian(self) }
}

extension Bool: PostgresArrayElement {
    /// `boolean`
    public static var postgresElementType: PostgresType { .bool }
    /// `boolean[]`
    public static var postgresArrayType: PostgresType { .boolArray }
    /// One byte, 1 or 0.
    public func encodeBinary(into buffer: inout [UInt8]) { buffer.append(self ? 1 : 0) }
}

extension Double: PostgresArrayElement {
    /// `double precision`
    public static var postgresElementType: PostgresType { .float8 }
    /// `double precision[]`
    public static var postgresArrayType: PostgresType { .float8Array }
    /// The IEEE 754 bits, big-endian.
    public func encodeBinary(into buffer: inout [UInt8]) { buffer.appendBigEndian(bitPattern) }
}

/// Seconds between the Unix epoch and PostgreSQL's epoch, 2000-01-01 00:00:00 UTC.
let postgresEpochOffset: Double = 946_684_800

extension Date: PostgresArrayElement {
    /// `timestamp with time zone`
    public static var postgresElementType: PostgresType { .timestamptz }
    /// `timestamp with time zone[]`
    public static var postgresArrayType: PostgresType { .timestamptzArray }
    /// Microseconds since 2000-01-01 UTC, rounded, as PostgreSQL stores them. A moment too far off for 64 bits
    /// (or not a number) is sent as PostgreSQL's `infinity` or `-infinity` instead of trapping: a date is often
    /// a client's, and no input may stop the process.
    public func encodeBinary(into buffer: inout [UInt8]) {
        let micros = ((timeIntervalSince1970 - postgresEpochOffset) * 1_000_000).rounded()
        if let exact = Int64(exactly: micros), exact != .max, exact != .min {
            buffer.appendBigEndian(exact)
        } else {
            buffer.appendBigEndian(micros > 0 ? Int64.max : Int64.min)
        }
    }
}

extension UUID: PostgresArrayElement {
    /// `uuid`
    public static var postgresElementType: PostgresType { .uuid }
    /// `uuid[]`
    public static var postgresArrayType: PostgresType { .uuidArray }
    /// The sixteen bytes.
    public func encodeBinary(into buffer: inout [UInt8]) {
        Swift.withUnsafeBytes(of: uuid) { buffer.append(contentsOf: $0) }
    }
}

extension Data: PostgresArrayElement {
    /// `bytea`
    public static var postgresElementType: PostgresType { .bytea }
    /// `bytea[]`
    public static var postgresArrayType: PostgresType { .byteaArray }
    /// The bytes as they are.
    public func encodeBinary(into buffer: inout [UInt8]) { buffer.append(contentsOf: self) }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    /// The wrapped value's binding, or NULL.
    public var postgresBinding: PostgresBinding {
        switch self {
        case .some(let value): value.postgresBinding
        case .none: .null
        }
    }
}

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    /// A one-dimensional array in binary format.
    public var postgresBinding: PostgresBinding {
        PostgresBinding(type: Element.postgresArrayType, format: .binary, bytes: encodeArray(self.map { $0 }))
    }
}

extension Array where Element: PostgresArrayElement {
    func encodeArray(_ elements: [Element?]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20 + elements.count * 16)
        bytes.appendBigEndian(Int32(1))  // dimensions
        bytes.appendBigEndian(Int32(elements.contains { $0 == nil } ? 1 : 0))
        bytes.appendBigEndian(Element.postgresElementType.oid)
        bytes.appendBigEndian(Int32(elements.count))
        bytes.appendBigEndian(Int32(1))  // lower bound
        var item: [UInt8] = []
        for element in elements {
            guard let element else {
                bytes.appendBigEndian(Int32(-1))
                continue
            }
            item.removeAll(keepingCapacity: true)
            element.encodeBinary(into: &item)
            bytes.appendBigEndian(Int32(item.count))
            bytes.append(contentsOf: item)
        }
        return bytes
    }
}

/// An array parameter whose elements may be NULL.
public struct PostgresNullableArray<Element: PostgresArrayElement>: PostgresEncodable {
    /// The elements; nil ones are sent as NULL.
    public var elements: [Element?]

    /// Wraps the elements.
    public init(_ elements: [Element?]) { self.elements = elements }

    /// A one-dimensional array in binary format, NULLs included.
    public var postgresBinding: PostgresBinding {
        PostgresBinding(type: Element.postgresArrayType, format: .binary, bytes: [Element]().encodeArray(elements))
    }
}
