/// Parses JSON text into a `JSONValue` byte by byte.
///
/// Every event's metadata and data pass through here when the log is folded, replayed or verified, so it is
/// written for speed (no `Decodable` round trip) and for hostile input (a depth limit, exact error positions).
public struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0

    static let maxDepth = 512
    static let digits: ClosedRange<UInt8> = 0x30...0x39
    static let integersOnly = "event JSON holds integers only; write decimals and large numbers as strings"

    static func parse(_ text: String) throws -> JSONValue {
        var text = text
        return try text.withUTF8 { buffer in
            var parser = JSONParser(bytes: buffer)
            parser.skipWhitespace()
            let value = try parser.value()
            parser.skipWhitespace()
            guard parser.index == buffer.count else { throw parser.failure("text after the JSON value") }
            return value
        }
    }

    /// One member of the object `text` holds, the whole text checked but only that member kept: no dictionary
    /// of the others is built. Nil when the object has no such member; an error when the text is not an object.
    public static func member(_ name: String, of text: String) throws -> JSONValue? {
        var text = text
        return try text.withUTF8 { buffer in
            var parser = JSONParser(bytes: buffer)
            parser.skipWhitespace()
            guard parser.current == 0x7B else { throw parser.failure("expected an object") }
            var found: JSONValue?
            try parser.forEachMember { parser, key throws(JSONParseError) in
                let value = try parser.value()
                if key == name { found = value }  // the last of repeated keys, as `parse` keeps it
            }
            parser.skipWhitespace()
            guard parser.index == buffer.count else { throw parser.failure("text after the JSON value") }
            return found
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private func failure(_ reason: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(offset: offset ?? index, reason: reason)
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func value() throws(JSONParseError) -> JSONValue {
        guard let byte = current else { throw failure("unexpected end of text") }
        switch byte {
        case 0x7B: return try object()  // {
        case 0x5B: return try array()  // [
        case 0x22: return .string(try string())  // "
        case 0x74: return try literal("true", .bool(true))
        case 0x66: return try literal("false", .bool(false))
        case 0x6E: return try literal("null", .null)
        case 0x2D, 0x30...0x39: return .int(try integer())  // - and digits
        default: throw failure("unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) throws(JSONParseError) -> JSONValue {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw failure("unexpected end of text") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw failure("unknown literal")
        }
        index += count
        return value
    }

    private mutating func integer() throws(JSONParseError) -> Int64 {
        let start = index
        let negative = current == 0x2D
        if negative { index += 1 }
        guard let first = current, Self.digits.contains(first) else { throw failure("a number needs digits") }
        var magnitude: UInt64 = 0
        while let byte = current, Self.digits.contains(byte) {
            let (times, overflowed) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, carried) = times.addingReportingOverflow(UInt64(byte - 0x30))
            guard !overflowed, !carried else { throw failure("integer out of range", at: start) }
            magnitude = sum
            index += 1
        }
        let digitCount = index - start - (negative ? 1 : 0)
        if first == 0x30, digitCount > 1 { throw failure("a number cannot have leading zeros", at: start) }
        switch current {
        case 0x2E, 0x65, 0x45: throw failure(Self.integersOnly, at: start)  // . e E
        default: break
        }
        let limit = UInt64(Int64.max)
        if negative {
            guard magnitude <= limit + 1 else { throw failure("integer out of range", at: start) }
            return magnitude == limit + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= limit else { throw failure("integer out of range", at: start) }
        return Int64(magnitude)
    }

    private mutating func string() throws(JSONParseError) -> String {
        index += 1  // the opening quote
        var result: [UInt8] = []
        var runStart = index
        while true {
            guard let byte = current else { throw failure("unterminated string") }
            switch byte {
            case 0x22:  // the closing quote
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<index])
                index += 1
                if result.isEmpty { return String(decoding: run, as: UTF8.self) }
                result.append(contentsOf: run)
                return String(decoding: result, as: UTF8.self)
            case 0x5C:  // a backslash
                result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                index += 1
                try escape(into: &result)
                runStart = index
            case 0x00..<0x20:
                throw failure("a control character must be escaped inside a string")
            default:
                index += 1
            }
        }
    }

    private mutating func escape(into result: inout [UInt8]) throws(JSONParseError) {
        guard let byte = current else { throw failure("unterminated escape") }
        index += 1
        switch byte {
        case 0x22, 0x5C, 0x2F: result.append(byte)  // " \ /
        case 0x62: result.append(0x08)  // b
        case 0x66: result.append(0x0C)  // f
        case 0x6E: result.append(0x0A)  // n
        case 0x72: result.append(0x0D)  // r
        case 0x74: result.append(0x09)  // t
        case 0x75:  // u
            var scalar = try hex4()
            if (0xD800...0xDBFF).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == 0x5C, bytes[index + 1] == 0x75 else {
                    throw failure("a lone surrogate in a \\u escape")
                }
                index += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw failure("a lone surrogate in a \\u escape") }
                let high: UInt32 = (scalar - 0xD800) << 10
                scalar = 0x10000 + high + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw failure("a lone surrogate in a \\u escape")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw failure("an invalid \\u escape") }
            result.append(contentsOf: String(Character(unicode)).utf8)
        default:
            throw failure("an unknown escape")
        }
    }

    private mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x61...0x66: digit = byte - 0x61 + 10
            case 0x41...0x46: digit = byte - 0x41 + 10
            default: throw failure("a \\u escape needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func array() throws(JSONParseError) -> JSONValue {
        try enter()
        var elements: [JSONValue] = []
        skipWhitespace()
        if current == 0x5D {  // ]
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try value())
            skipWhitespace()
            switch current {
            case 0x2C: index += 1  // ,
            case 0x5D:  // ]
                index += 1
                depth -= 1
                return .array(elements)
            default: throw failure("expected , or ] in an array")
            }
        }
    }

    private mutating func object() throws(JSONParseError) -> JSONValue {
        var members: [String: JSONValue] = [:]
        try forEachMember { parser, key throws(JSONParseError) in
            // A key twice is ambiguous (which one counts?): refused, as RFC 8259 allows, rather than guessed.
            guard members.updateValue(try parser.value(), forKey: key) == nil else {
                throw parser.failure("the key \"\(key.prefix(40))\" appears twice in an object")
            }
        }
        return .object(members)
    }

    /// Steps through an object's members, handing each key to `body`, which must read the member's value.
    private mutating func forEachMember(_ body: (inout JSONParser, String) throws(JSONParseError) -> Void)
        throws(JSONParseError)
    {
        try enter()
        skipWhitespace()
        if current == 0x7D {  // }
            index += 1
            depth -= 1
            return
        }
        while true {
            skipWhitespace()
            guard current == 0x22 else { throw failure("an object key must be a string") }
            let key = try string()
            skipWhitespace()
            guard current == 0x3A else { throw failure("expected : after an object key") }
            index += 1
            skipWhitespace()
            try body(&self, key)
            skipWhitespace()
            switch current {
            case 0x2C: index += 1  // ,
            case 0x7D:  // }
                index += 1
                depth -= 1
                return
            default: throw failure("expected , or } in an object")
            }
        }
    }

    /// Steps past an opening bracket, refusing nesting deep enough to exhaust the stack.
    private mutating func enter() throws(JSONParseError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw failure("nested deeper than \(Self.maxDepth) levels") }
        index += 1
    }
}

/// Why text is not JSON that events may hold.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where in the UTF-8 text the problem is.
    public var offset: Int
    /// What the problem is.
    public var reason: String
    /// `invalid JSON at byte N: reason`
    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}
