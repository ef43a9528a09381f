import Coding
import EventStore
import Foundation
import TestSupport
import Testing

@Suite("Parsing event JSON")
struct JSONParserTests {
    @Test("objects, arrays, strings with escapes, integers, booleans and null come back as written")
    func roundTrip() throws {
        let text =
            #"{"b":[1,-2,9223372036854775807,-9223372036854775808],"a":"tab\tquote\" \u00e9 \ud83d\udcf0 \/","n":null,"t":true,"f":false,"e":{},"l":[]}"#
        let value = try JSONValue(parsing: text)
        #expect(value["a"] == .string("tab\tquote\" é 📰 /"))
        #expect(value["b"] == .array([.int(1), .int(-2), .int(.max), .int(.min)]))
        #expect(value["n"] == .null && value["t"] == .bool(true) && value["f"] == .bool(false))
        #expect(value["e"] == .object([:]) && value["l"] == .array([]))
        #expect(try JSONValue(parsing: value.canonicalText) == value)
        #expect(try JSONValue(parsing: " \n[ 1 , \"x\" ]\t") == .array([.int(1), .string("x")]))
    }

    /// Why a number with a fraction or an exponent is refused.
    static let integersOnly = "event JSON holds integers only; write decimals and large numbers as strings"

    @Test("what events may not hold is refused with where and why")
    func refusals() {
        let cases: [(String, Int, String)] = [
            ("1.5", 0, Self.integersOnly), ("1e3", 0, Self.integersOnly),
            ("9223372036854775808", 0, "integer out of range"), ("01", 0, "a number cannot have leading zeros"),
            ("\"a\u{01}\"", 2, "a control character must be escaped inside a string"),
            ("\"\\ud800\"", 7, "a lone surrogate in a \\u escape"), ("\"\\x\"", 3, "an unknown escape"),
            ("[1,]", 3, "unexpected character"), ("{\"a\" 1}", 5, "expected : after an object key"),
            ("{1:2}", 1, "an object key must be a string"), ("[1] 2", 4, "text after the JSON value"),
            ("tru", 0, "unexpected end of text"), ("", 0, "unexpected end of text"),
            (String(repeating: "[", count: 600), 512, "nested deeper than 512 levels"),
        ]
        for (text, offset, reason) in cases {
            let error = #expect(throws: JSONParseError.self, "\(text)") { try JSONValue(parsing: text) }
            #expect(error?.offset == offset && error?.reason == reason, "\(text): \(String(describing: error))")
        }
    }

    @Test("an event's actor reads the same from the log's text, canonical text and any other metadata text")
    func actor() throws {
        for (metadata, actor) in [
            (#"{"actor": "ana", "command_id": "x", "schema_version": 1}"#, "ana"),  // jsonb's own text
            (#"{"actor":"bo","schema_version":1}"#, "bo"),  // canonical text
            (#"{"actor": "c\"y", "schema_version": 1}"#, "c\"y"),  // an escape
            (#"{"actor": "Zoë Ólafsdóttir"}"#, "Zoë Ólafsdóttir"),
            (#"{"schema_version": 1, "actor": "dee"}"#, "dee"),  // not the first member
            (#" {"actor":"eve"}"#, "eve"),
        ] {
            let event = RecordedEvent(
                position: 1, streamID: "s", version: 1, type: "T", data: "{}", metadataJSON: metadata, commandID: nil,
                recordedAtMicroseconds: 0, hash: [])
            #expect(try event.actor() == actor, "\(metadata)")
        }
        // Metadata that is not JSON is the parser's error; JSON without a string actor is the store's.
        for (metadata, expected) in [
            (#"{"actor": 7}"#, "malformed event in the log: metadata lacks an actor: {\"actor\": 7}"),
            (#"{"actor":"#, "invalid JSON at byte 9: unexpected end of text"),
            (#"{}"#, "malformed event in the log: metadata lacks an actor: {}"),
        ] {
            let event = RecordedEvent(
                position: 1, streamID: "s", version: 1, type: "T", data: "{}", metadataJSON: metadata, commandID: nil,
                recordedAtMicroseconds: 0, hash: [])
            let error = #expect(throws: (any Error).self, "\(metadata)") { try event.actor() }
            #expect(error.map { "\($0)" } == expected)
        }
    }

    /// A shape event data may take: snake_case keys, optionals, nested arrays and an enum with a payload.
    struct Sample: Codable, Equatable {
        enum Origin: Codable, Equatable {
            case wire(agencyName: String)
            case desk
        }
        var photoCaption: String?
        var wordCount: Int
        var bodyParagraphs: [[String]]
        var origin: Origin
        var filedAt: Date
        var source: URL
    }

    @Test("the parsed-document decoder reads what JSONDecoder reads, and refuses what it refuses")
    func valueDecoder() throws {
        let decoder = JSONValueDecoder(convertFromSnakeCase: true) { ISO8601DateFormatter().date(from: $0) }
        let text = #"""
            {"photo_caption":null,"word_count":412,"body_paragraphs":[["a","b"],[]],
             "origin":{"wire":{"agency_name":"Reuters"}},"filed_at":"2026-11-29T01:02:03Z",
             "source":"https://example.org/a?b=1"}
            """#
        let foundation = JSONDecoder()
        foundation.keyDecodingStrategy = .convertFromSnakeCase
        foundation.dateDecodingStrategy = .iso8601
        let expected = try foundation.decode(Sample.self, from: Data(text.utf8))
        #expect(try decoder.decode(Sample.self, from: try JSONValue(parsing: text)) == expected)
        #expect(expected.origin == .wire(agencyName: "Reuters") && expected.photoCaption == nil)

        for (bad, expected) in [
            (text.replacingOccurrences(of: "412", with: #""412""#), "type mismatch at wordCount"),
            (text.replacingOccurrences(of: #""word_count":412,"#, with: ""), "no key wordCount"),
            (text.replacingOccurrences(of: "2026-11-29T01:02:03Z", with: "yesterday"), "corrupted at filedAt"),
            (text.replacingOccurrences(of: #"["a","b"]"#, with: #"["a",1]"#), "type mismatch at bodyParagraphs.0.1"),
        ] {
            // The two decoders word their errors differently; the case and the key must be the same.
            let ours = #expect(throws: DecodingError.self) {
                try decoder.decode(Sample.self, from: try JSONValue(parsing: bad))
            }
            let theirs = #expect(throws: DecodingError.self) {
                try foundation.decode(Sample.self, from: Data(bad.utf8))
            }
            #expect(ours.map(\.refusal) == expected, "\(String(describing: ours))")
            // JSONDecoder's own ISO 8601 strategy names no key for a bad date.
            let foundationExpected = expected == "corrupted at filedAt" ? "corrupted at " : expected
            #expect(theirs.map(\.refusal) == foundationExpected, "\(String(describing: theirs))")
        }
    }
}
