import EventStore
import Foundation
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

    @Test("what events may not hold is refused with where and why")
    func refusals() {
        let cases: [(String, String)] = [
            ("1.5", "integers only"), ("1e3", "integers only"), ("9223372036854775808", "out of range"),
            ("01", "leading zeros"), ("\"a\u{01}\"", "control character"), ("\"\\ud800\"", "lone surrogate"),
            ("\"\\x\"", "unknown escape"), ("[1,]", "unexpected character"), ("{\"a\" 1}", "expected :"),
            ("{1:2}", "key must be a string"), ("[1] 2", "text after"), ("tru", "unexpected end"), ("", "end of text"),
            (String(repeating: "[", count: 600), "nested deeper"),
        ]
        for (text, reason) in cases {
            #expect(throws: JSONParseError.self, "\(text)") { try JSONValue(parsing: text) }
            do {
                _ = try JSONValue(parsing: text)
            } catch let error as JSONParseError {
                #expect(error.reason.contains(reason), "\(text): \(error)")
            } catch {
                Issue.record("\(text): \(error)")
            }
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
        for metadata in [#"{"actor": 7}"#, #"{"actor":"#, #"{}"#] {
            let event = RecordedEvent(
                position: 1, streamID: "s", version: 1, type: "T", data: "{}", metadataJSON: metadata, commandID: nil,
                recordedAtMicroseconds: 0, hash: [])
            #expect(throws: (any Error).self, "\(metadata)") { try event.actor() }
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

        for bad in [
            text.replacingOccurrences(of: "412", with: #""412""#),
            text.replacingOccurrences(of: #""word_count":412,"#, with: ""),
            text.replacingOccurrences(of: "2026-11-29T01:02:03Z", with: "yesterday"),
            text.replacingOccurrences(of: #"["a","b"]"#, with: #"["a",1]"#),
        ] {
            #expect(throws: DecodingError.self) { try decoder.decode(Sample.self, from: try JSONValue(parsing: bad)) }
            #expect(throws: DecodingError.self) { try foundation.decode(Sample.self, from: Data(bad.utf8)) }
        }
    }
}
