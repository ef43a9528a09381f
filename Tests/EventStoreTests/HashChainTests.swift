import Coding
import Crypto
import EventStore
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Hash chain")
struct HashChainTests {
    @Test("canonical JSON sorts keys by their bytes, has no whitespace and escapes minimally")
    func canonicalJSON() throws {
        let value = JSONValue.object([
            "b": .array([.int(-3), .bool(true), .null]), "a": .string("quote \" back \\ tab \t bell \u{7} é ✓"),
            "é": .int(1), "Z": .object([:]),
        ])
        #expect(
            value.canonicalText == #"{"Z":{},"a":"quote \" back \\ tab \t bell \u0007 é ✓","b":[-3,true,null],"é":1}"#)
        #expect(try JSONValue(parsing: value.canonicalText) == value)
        // Escapes at either end and side by side, and text with none.
        #expect(JSONValue.string("\n\"\u{1F}\\").canonicalText == #""\n\"\u001f\\""#)
        #expect(JSONValue.string("plain").canonicalText == #""plain""#)
        #expect(JSONValue.string("").canonicalText == #""""#)
    }

    @Test("the hash follows the documented byte layout")
    func documentedLayout() {
        // Computed by hand from the recipe in docs/design.md for: genesis, stream "s", version 1, type "T", data {}, metadata {}, time 0.
        var bytes = [UInt8](repeating: 0, count: 32)
        bytes += [0, 0, 0, 1] + Array("s".utf8) + [0, 0, 0, 0, 0, 0, 0, 1] + [0, 0, 0, 1] + Array("T".utf8)
        bytes += [0, 0, 0, 2] + Array("{}".utf8) + [0, 0, 0, 2] + Array("{}".utf8) + [UInt8](repeating: 0, count: 8)
        let direct = EventHash.compute(
            previous: EventHash.genesis, streamID: "s", version: 1, type: "T", data: Array("{}".utf8),
            metadata: Array("{}".utf8), recordedAtMicroseconds: 0)
        #expect(direct.count == 32)
        #expect(direct == Array(SHA256.hash(data: bytes)))
    }

    @Test("verify passes an intact log and stops at exactly the event that was altered")
    func verifyFindsTampering() async throws {
        try await TestDatabase.withStore { store, configuration in
            for stream in ["a", "b", "c"] {
                for version in 0..<4 {
                    try await store.append(
                        to: stream, expected: version == 0 ? .noStream : .exact(Int64(version)),
                        events: [NewEvent(type: "Edited", data: .object(["text": .string("\(stream) \(version)")]))],
                        metadata: EventMetadata(actor: "reporter"))
                }
            }
            let intact = try await store.verify()
            #expect(intact.firstBroken == nil)
            #expect(intact.eventsChecked == 12 && intact.streamsChecked == 3)

            let victim = try await store.readStream("b", from: 3, through: 3)[0]
            let connection = try await Connection.connect(configuration)
            // As a superuser with triggers disabled, the row can be changed; the chain still notices.
            try await connection.execute("SET session_replication_role = replica")
            try await connection.execute(
                "UPDATE events SET data = $1 WHERE position = $2",
                [PostgresJSON(#"{"text":"b forged"}"#), victim.position])
            await connection.close()

            let report = try await store.verify()
            #expect(report.firstBroken?.position == victim.position)
            #expect(report.firstBroken?.streamID == "b" && report.firstBroken?.version == 3)
            #expect(try await store.verify(stream: "b").firstBroken?.position == victim.position)
            #expect(try await store.verify(stream: "a").firstBroken == nil)
        }
    }
}

@Suite("Export manifests")
struct ExportManifestTests {
    /// Two events of two streams, as an export would write them.
    static func lines() throws -> [String] {
        func event(_ position: Int64, _ stream: String) -> RecordedEvent {
            let hash = EventHash.compute(
                previous: EventHash.genesis, streamID: stream, version: 1, type: "Noted",
                data: JSONValue.object([:]).canonicalBytes, metadata: JSONValue.object([:]).canonicalBytes,
                recordedAtMicroseconds: 1_000)
            return RecordedEvent(
                position: position, streamID: stream, version: 1, type: "Noted", data: "{}", metadataJSON: "{}",
                commandID: nil, recordedAtMicroseconds: 1_000, hash: hash)
        }
        var manifest = ExportManifest()
        let events = [event(1, "a"), event(2, "b")]
        for event in events { manifest.add(event) }
        return [ExportManifest.headerLine(after: 0)] + events.map { $0.exportLine() } + [manifest.trailerLine]
    }

    func verify(_ lines: [String]) throws {
        var verifier = ExportVerifier()
        for line in lines { #expect(try verifier.check(line: line) == nil) }
        try verifier.finish()
    }

    @Test("a whole export verifies; lines out of order are broken; a line after the manifest is refused")
    func order() throws {
        let lines = try Self.lines()
        try verify(lines)
        var verifier = ExportVerifier()
        _ = try verifier.check(line: lines[0])
        _ = try verifier.check(line: lines[2])
        #expect(try verifier.check(line: lines[1])?.reason == "position 1 is out of order after position 2")
        #expect(throws: EventStoreError.malformedEvent("the export goes on after its closing manifest")) {
            try verify(lines + [lines[1]])
        }
    }

    @Test("a dropped stream is found by the manifest, a cut file by its missing end")
    func droppedParts() throws {
        let lines = try Self.lines()
        #expect(
            throws: EventStoreError.malformedEvent(
                "the export does not hold what it states: the manifest states 2 events but the file holds 1")
        ) { try verify([lines[0], lines[1], lines[3]]) }
        #expect(
            throws: EventStoreError.malformedEvent(
                "the export ends without its closing manifest: it was cut short, or its end was removed")
        ) { try verify(Array(lines.dropLast())) }
    }
}
