public import Foundation

/// Decodes `Decodable` values from an already parsed `JSONValue`, without going back to text.
///
/// Folding stored events is Galley's hottest loop, and there `JSONDecoder` cost several times what parsing the
/// text did. This reads what `JSONDecoder` reads for event data: snake_case keys (optionally), integers as any
/// integer or floating-point type, dates through `date`, and URLs from their text.
public struct JSONValueDecoder: Sendable {
    /// Whether a camelCase property reads its snake_case key, as with `.convertFromSnakeCase`.
    public var convertFromSnakeCase: Bool
    /// Reads a date from its JSON text; nil when the text is not a date.
    public var date: @Sendable (String) -> Date?

    /// A decoder with the given key and date conventions.
    public init(convertFromSnakeCase: Bool = false, date: @escaping @Sendable (String) -> Date?) {
        self.convertFromSnakeCase = convertFromSnakeCase
        self.date = date
    }

    /// Decodes `type` from `value`; a mismatch is a `DecodingError`, as `JSONDecoder` reports it.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try ValueDecoder(value: value, parentPath: [], key: nil, options: self).decode(type)
    }

    /// The key a property reads: `photoCaption` reads `photo_caption`. Only names that the reverse conversion
    /// gives back are ever read under `.convertFromSnakeCase`, and for those this is the one such key.
    func key(for name: String) -> String {
        guard convertFromSnakeCase, name.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) else { return name }
        var key = ""
        key.reserveCapacity(name.utf8.count + 4)
        for character in name.unicodeScalars {
            if character.value >= 65 && character.value <= 90 {
                key.append("_")
                key.unicodeScalars.append(Unicode.Scalar(character.value + 32)!)
            } else {
                key.unicodeScalars.append(character)
            }
        }
        return key
    }

    /// The property name a key stands for: `photo_caption` is `photoCaption`.
    func name(for key: String) -> String {
        guard convertFromSnakeCase, key.contains("_") else { return key }
        let words = key.split(separator: "_", omittingEmptySubsequences: true)
        guard let first = words.first else { return key }
        return String(first)
            + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined()
    }
}

/// One value being decoded, with where it sits in the document.
private struct ValueDecoder: Decoder, SingleValueDecodingContainer {
    let value: JSONValue
    /// Where the value sits: its container's path and its own key, joined only when asked (for containers and
    /// errors), so that a leaf costs no array.
    let parentPath: [any CodingKey]
    let key: (any CodingKey)?
    let options: JSONValueDecoder
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var codingPath: [any CodingKey] { key.map { parentPath + [$0] } ?? parentPath }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch([String: JSONValue].self) }
        return KeyedDecodingContainer(KeyedContainer<Key>(members: members, codingPath: codingPath, options: options))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw mismatch([JSONValue].self) }
        return UnkeyedContainer(elements: elements, codingPath: codingPath, options: options)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool {
        if case .null = value { return true }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let bool) = value else { throw mismatch(type) }
        return bool
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let string) = value else { throw mismatch(type) }
        return string
    }

    func decode(_ type: Double.Type) throws -> Double { Double(try integer(type)) }
    func decode(_ type: Float.Type) throws -> Float { Float(try integer(type)) }
    func decode(_ type: Int.Type) throws -> Int { try exactly(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try exactly(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try exactly(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try exactly(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try exactly(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try exactly(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try exactly(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try exactly(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try exactly(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        // The two types JSONDecoder itself reads from text rather than through their own Codable conformance.
        if type == Date.self {
            guard let date = options.date(try decode(String.self)) else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "not a date"))
            }
            return date as! T
        }
        if type == URL.self {
            guard let url = URL(string: try decode(String.self)) else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "not a URL"))
            }
            return url as! T
        }
        return try T(from: self)
    }

    private func integer<T>(_ type: T.Type) throws -> Int64 {
        guard case .int(let integer) = value else { throw mismatch(type) }
        return integer
    }

    private func exactly<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        guard let number = T(exactly: try integer(type)) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: codingPath, debugDescription: "\(value) does not fit in \(type)"))
        }
        return number
    }

    private func mismatch<T>(_ type: T.Type) -> DecodingError {
        DecodingError.typeMismatch(type, .init(codingPath: codingPath, debugDescription: "found \(value)"))
    }
}

/// An object's members, read by key.
private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let codingPath: [any CodingKey]
    let options: JSONValueDecoder

    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: options.name(for: $0)) } }

    func contains(_ key: Key) -> Bool { members[options.key(for: key.stringValue)] != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try member(key) { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder(try member(key), key).decode(type)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = present(key) else { return nil }
        return try decoder(value, key).decode(type)
    }

    // Strings read straight from the member: they are most of what event data holds.
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try string(try member(key), key) }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try present(key).map { try string($0, key) }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try decoder(try member(key), key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(try member(key), key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(value: .object(members), parentPath: codingPath, key: nil, options: options)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        decoder(members[options.key(for: key.stringValue)] ?? .null, key)
    }

    private func decoder(_ value: JSONValue, _ key: Key) -> ValueDecoder {
        ValueDecoder(value: value, parentPath: codingPath, key: key, options: options)
    }

    private func member(_ key: Key) throws -> JSONValue {
        guard let value = members[options.key(for: key.stringValue)] else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "no member \(options.key(for: key.stringValue))"))
        }
        return value
    }

    /// The member for `key`, nil when it is missing or null.
    private func present(_ key: Key) -> JSONValue? {
        guard let value = members[options.key(for: key.stringValue)] else { return nil }
        if case .null = value { return nil }
        return value
    }

    private func string(_ value: JSONValue, _ key: Key) throws -> String {
        guard case .string(let string) = value else {
            throw DecodingError.typeMismatch(
                String.self, .init(codingPath: codingPath + [key], debugDescription: "found \(value)"))
        }
        return string
    }
}

/// An array's elements, read in order.
private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    let options: JSONValueDecoder
    var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey], options: JSONValueDecoder) {
        self.elements = elements
        self.codingPath = codingPath
        self.options = options
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    mutating func decodeNil() throws -> Bool {
        guard case .null = try element().value else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try element().decode(type)
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let container = try element().container(keyedBy: type)
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try element().unkeyedContainer()
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let decoder = try element()
        currentIndex += 1
        return decoder
    }

    /// The current element with its place in the document.
    private func element() throws -> ValueDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                JSONValue.self, .init(codingPath: codingPath, debugDescription: "the array has no more elements"))
        }
        return ValueDecoder(
            value: elements[currentIndex], parentPath: codingPath, key: Index(currentIndex), options: options)
    }

    /// An array index as a coding key, for error paths.
    private struct Index: CodingKey {
        let intValue: Int?
        var stringValue: String { "Index \(intValue ?? 0)" }
        init(_ index: Int) { intValue = index }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { self.intValue = intValue }
    }
}
