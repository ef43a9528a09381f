public import Foundation

/// Why a single value could not be decoded; `Row` adds the column's name.
public struct PostgresDecodingFailure: Error, Sendable, Equatable {
    /// What went wrong, in words.
    public var reason: String

    /// Creates a failure with a reason.
    public init(_ reason: String) { self.reason = reason }

    static func typeMismatch(_ swiftType: Any.Type, _ type: PostgresType) -> PostgresDecodingFailure {
        PostgresDecodingFailure("a \(type) value cannot be read as \(swiftType)")
    }

    static func malformed(_ type: PostgresType, _ count: Int) -> PostgresDecodingFailure {
        PostgresDecodingFailure("malformed \(type) value of \(count) bytes")
    }
}

/// A Swift type that can be read from a column in PostgreSQL's binary format.
public protocol PostgresDecodable: Sendable {
    /// Decodes a non-NULL value of the given column type.
    init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure)

    /// The value standing for SQL NULL; non-optional types throw.
    static func postgresNull() throws(PostgresDecodingFailure) -> Self
}

extension PostgresDecodable {
    /// Non-optional types refuse NULL.
    public static func postgresNull() throws(PostgresDecodingFailure) -> Self {
        throw PostgresDecodingFailure("the value is NULL; decode it as \(Self.self)? to accept NULL")
    }
}

extension UnsafeRawBufferPointer {
    func bigEndian<T: FixedWidthInteger>(_: T.Type, at offset: Int = 0) -> T {
        var value: T = 0
        Swift.withUnsafeMutableBytes(of: &value) {
            $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: self[offset..<offset + MemoryLayout<T>.size]))
        }
        return T(bigEndian: value)
    }
}

extension Int64: PostgresDecodable {
    /// Reads `smallint`, `integer`, `bigint`, `oid`, `xid8` and integral `numeric`.
    public init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure) {
        switch (type, bytes.count) {
        case (.int2, 2): self = Int64(bytes.bigEndian(Int16.self))
        case (.int4, 4): self = Int64(bytes.bigEndian(Int32.self))
        case (.int8, 8): self = bytes.bigEndian(Int64.self)
        case (.oidType, 4): self = Int64(bytes.bigEndian(UInt32.self))
        case (.xid8, 8): self = Int64(bitPattern: bytes.bigEndian(UInt64.self))
        case (.numeric, _):
            let text = try NumericText.decode(bytes)
            guard let value = Int64(text) else {
                throw PostgresDecodingFailure("numeric \(text) is not an integer in Int64's range")
            }
            self = value
        case (.int2, _), (.int4, _), (.int8, _), (.oidType, _), (.xid8, _):
            throw .malformed(type, bytes.count)
        default: throw .typeMismatch(Int64.self, type)
        }
    }
}

extension Int: PostgresDecodable {
    /// Reads the integer types, as `Int64` does.
    public init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure) {
        self = Int(try Int64(postgresBytes: bytes, type: type))
    }
}

extension Int32: PostgresDecodable {
    /// Reads `smallint` and `integer`; a `bigint` in range is accepted too.
    public init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure) {
        let wide = try Int64(postgresBytes: bytes, type: type)
        guard let value = Int32(exactly: wide) else {
            throw PostgresDecodingFailure("\(wide) does not fit in Int32")
        }
        self = value
    }
}

extension Bool: PostgresDecodable {
    /// Reads `boolean`.
    public init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure) {
        guard type == .bool else { throw .typeMismatch(Bool.self, type) }
        guard bytes.count == 1 else { throw .malformed(type, bytes.count) }
        self = bytes[0] != 0
    }
}

extension Double: PostgresDecodable {
    /// Reads `double precision`, `real` and `numeric`.
    public init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure) {
        switch (type, bytes.count) {
        case (.float8, 8): self = Double(bitPattern: bytes.bigEndian(UInt64.self))
        case (.float4, 4): self = Double(Float(bitPattern: bytes.bigEndian(UInt32.self)))
        case (.numeric, _):
            let text = try NumericText.decode(bytes)
            guard let value = Double(text) else { throw PostgresDecodingFailure("numeric \(text) is not a number") }
            self = value
        case (.float8, _), (.float4, _): throw .malformed(type, bytes.count)
        default: throw .typeMismatch(Double.self, type)
        }
    }
}

extension String: PostgresDecodable {
    /// Reads the text types, `json` and `jsonb` (as their text) and `numeric` (as its decimal text).
    public init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure) {
        switch type {
        case .text, .varchar, .bpchar, .name, .unknown, .char, .json:
            self = String(decoding: bytes, as: UTF8.self)
        case .jsonb:
            guard bytes.first == 1 else { throw PostgresDecodingFailure("unknown jsonb format version") }
            self = String(decoding: UnsafeRawBufferPointer(rebasing: bytes.dropFirst()), as: UTF8.self)
        case .numeric:
            self = try NumericText.decode(bytes)
        default:
            throw .typeMismatch(String.self, type)
        }
    }
}

extension PostgresJSON: PostgresDecodable {
    /// Reads `json` and `jsonb`.
    public init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure) {
        guard type == .json || type == .jsonb else { throw .typeMismatch(PostgresJSON.self, type) }
        self.init(try String(postgresBytes: bytes, type: type))
    }
}

extension Date: PostgresDecodable {
    /// Reads `timestamp with time zone`, `timestamp` (taken as UTC) and `date` (midnight UTC).
    public init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure) {
        switch (type, bytes.count) {
        case (.timestamptz, 8), (.timestamp, 8):
            let micros = bytes.bigEndian(Int64.self)
            guard micros != .max, micros != .min else {
                throw PostgresDecodingFailure("infinite timestamps have no Date")
            }
            self = Date(timeIntervalSince1970: postgresEpochOffset + Double(micros) / 1_000_000)
        case (.date, 4):
            let days = bytes.bigEndian(Int32.self)
            guard days != .max, days != .min else { throw PostgresDecodingFailure("infinite dates have no Date") }
            self = Date(timeIntervalSince1970: postgresEpochOffset + Double(days) * 86_400)
        case (.timestamptz, _), (.timestamp, _), (.date, _): throw .malformed(type, bytes.count)
        default: throw .typeMismatch(Date.self, type)
        }
    }
}

extension UUID: PostgresDecodable {
    /// Reads `uuid`.
    public init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure) {
        guard type == .uuid else { throw .typeMismatch(UUID.self, type) }
        guard bytes.count == 16 else { throw .malformed(type, bytes.count) }
        var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        Swift.withUnsafeMutableBytes(of: &raw) { $0.copyMemory(from: bytes) }
        self = UUID(uuid: raw)
    }
}

extension Data: PostgresDecodable {
    /// Reads `bytea`.
    public init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure) {
        guard type == .bytea else { throw .typeMismatch(Data.self, type) }
        self = Data(bytes)
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    /// Decodes the wrapped type.
    public init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure) {
        self = .some(try Wrapped(postgresBytes: bytes, type: type))
    }

    /// NULL is nil.
    public static func postgresNull() throws(PostgresDecodingFailure) -> Self { nil }
}

/// Turns `numeric`'s binary format (base-10000 digits) into decimal text.
enum NumericText {
    static func decode(_ bytes: UnsafeRawBufferPointer) throws(PostgresDecodingFailure) -> String {
        guard bytes.count >= 8 else { throw .malformed(.numeric, bytes.count) }
        let count = Int(bytes.bigEndian(Int16.self, at: 0))
        let weight = Int(bytes.bigEndian(Int16.self, at: 2))
        let sign = bytes.bigEndian(UInt16.self, at: 4)
        let scale = Int(bytes.bigEndian(UInt16.self, at: 6))
        guard bytes.count == 8 + 2 * count else { throw .malformed(.numeric, bytes.count) }
        switch sign {
        case 0xC000: return "NaN"
        case 0xD000: return "Infinity"
        case 0xF000: return "-Infinity"
        default: break
        }
        let digits = (0..<count).map { Int(bytes.bigEndian(Int16.self, at: 8 + 2 * $0)) }
        var integer = ""
        if weight < 0 {
            integer = "0"
        } else {
            for position in 0...weight {
                let digit = position < digits.count ? digits[position] : 0
                integer += position == 0 ? String(digit) : pad(digit)
            }
        }
        var text = (sign == 0x4000 ? "-" : "") + integer
        if scale > 0 {
            var fraction = ""
            var position = weight + 1
            while fraction.count < scale {
                let digit = position >= 0 && position < digits.count ? digits[position] : 0
                fraction += pad(digit)
                position += 1
            }
            text += "." + fraction.prefix(scale)
        }
        return text
    }

    private static func pad(_ digit: Int) -> String {
        let raw = String(digit)
        return String(repeating: "0", count: 4 - raw.count) + raw
    }
}

extension Array: PostgresDecodable where Element: PostgresDecodable {
    /// Reads a one-dimensional array (or an empty one) in binary format; a NULL element needs an optional `Element`.
    public init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure) {
        guard bytes.count >= 12 else { throw .malformed(type, bytes.count) }
        let dimensions = bytes.bigEndian(Int32.self, at: 0)
        let elementType = PostgresType(oid: bytes.bigEndian(UInt32.self, at: 8))
        guard dimensions <= 1 else { throw PostgresDecodingFailure("only one-dimensional arrays can be read") }
        self = []
        guard dimensions == 1, bytes.count >= 20 else { return }
        let count = Int(bytes.bigEndian(Int32.self, at: 12))
        reserveCapacity(count)
        var offset = 20
        for _ in 0..<count {
            guard offset + 4 <= bytes.count else { throw .malformed(type, bytes.count) }
            let length = Int(bytes.bigEndian(Int32.self, at: offset))
            offset += 4
            if length < 0 {
                append(try Element.postgresNull())
                continue
            }
            guard offset + length <= bytes.count else { throw .malformed(type, bytes.count) }
            append(
                try Element(
                    postgresBytes: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]), type: elementType)
            )
            offset += length
        }
    }
}
