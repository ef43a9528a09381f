public import Foundation

/// JSON text bound as `jsonb` and decoded from `json` or `jsonb` columns.
///
/// The text is kept as it is; encoding or decoding Swift values is the caller's choice of coder.
public struct PostgresJSON: Hashable, Sendable, CustomStringConvertible {
    /// The JSON document as text.
    public var text: String

    /// Wraps JSON text; the server validates it when the statement runs.
    public init(_ text: String) { self.text = text }

    /// Encodes a value with a `JSONEncoder`.
    public init<T: Encodable>(encoding value: T, encoder: JSONEncoder = JSONEncoder()) throws {
        self.text = String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Decodes the document into a value with a `JSONDecoder`.
    public func decode<T: Decodable>(_ type: T.Type = T.self, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        try decoder.decode(type, from: Data(text.utf8))
    }

    /// The JSON text.
    public var description: String { text }
}

extension PostgresJSON: PostgresArrayElement {
    /// `jsonb`
    public static var postgresElementType: PostgresType { .jsonb }
    /// `jsonb[]`
    public static var postgresArrayType: PostgresType { .jsonbArray }
    /// jsonb's binary format: a version byte, then the text.
    public func encodeBinary(into buffer: inout [UInt8]) {
        buffer.append(1)
        buffer.append(contentsOf: text.utf8)
    }
}
