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
            (#"{"actor": "c\"y", "schema_version": 1}"#, "c\"y"),  // an escape: parsed
            (#"{"actor": "Zoë Ólafsdóttir"}"#, "Zoë Ólafsdóttir"),
            (#"{"schema_version": 1, "actor": "dee"}"#, "dee"),  // not first: parsed
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
}
