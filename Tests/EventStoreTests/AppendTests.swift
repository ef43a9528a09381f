import Coding
import EventStore
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Appending and reading streams")
struct AppendTests {
    @Test("appends carry versions, positions, metadata and the database's time; reads replay them")
    func appendAndRead() async throws {
        try await TestDatabase.withStore { store, _ in
            let command = UUID()
            let cause = UUID()
            let metadata = EventMetadata(actor: "reporter:ana", commandID: command, causationID: cause)
            let first = try await store.append(
                to: "article-1", expected: .noStream,
                events: [
                    NewEvent(
                        type: "Drafted", data: .object(["headline": .string("Ceasefire holds")]), schemaVersion: 2),
                    NewEvent(type: "Edited", data: .object(["words": .int(812)])),
                ], metadata: metadata)
            #expect(first.streamVersion == 2)
            #expect(first.positions.count == 2 && first.positions[0] < first.positions[1])
            #expect(!first.isReplay)

            let second = try await store.append(
                to: "article-1", expected: .exact(2), events: [NewEvent(type: "Submitted", data: .object([:]))],
                metadata: EventMetadata(actor: "reporter:ana"))
            #expect(second.streamVersion == 3)
            let third = try await store.append(
                to: "article-1", expected: .any, events: [NewEvent(type: "Noted", data: .null)],
                metadata: EventMetadata(actor: "editor:bo"))
            #expect(third.streamVersion == 4)

            let events = try await store.readStream("article-1")
            #expect(events.map(\.version) == [1, 2, 3, 4])
            #expect(events.map(\.type) == ["Drafted", "Edited", "Submitted", "Noted"])
            #expect(try events[0].dataValue() == .object(["headline": .string("Ceasefire holds")]))
            let stored = try events[0].metadata()
            #expect(stored.actor == "reporter:ana")
            #expect(stored.commandID == command && stored.correlationID == command && stored.causationID == cause)
            #expect(try events[0].schemaVersion() == 2 && events[1].schemaVersion() == 1)
            #expect(abs(events[0].recordedAt.timeIntervalSinceNow) < 60)
            #expect(try await store.version(of: "article-1") == 4)
            #expect(try await store.version(of: "article-2") == 0)
            #expect(try await store.head() == third.positions[0])

            #expect(try await store.readStream("article-1", from: 2, through: 3).map(\.version) == [2, 3])
            let upToFirst = try await store.readStream("article-1", recordedUpTo: events[1].recordedAt)
            #expect(upToFirst.map(\.version) == [1, 2])
        }
    }

    @Test("a wrong expected version is a conflict that carries the actual version")
    func wrongExpectedVersion() async throws {
        try await TestDatabase.withStore { store, _ in
            let event = [NewEvent(type: "Drafted", data: .object([:]))]
            try await store.append(to: "s", expected: .noStream, events: event, metadata: EventMetadata(actor: "a"))
            await #expect(throws: EventStoreError.wrongExpectedVersion(stream: "s", expected: .noStream, actual: 1)) {
                try await store.append(to: "s", expected: .noStream, events: event, metadata: EventMetadata(actor: "a"))
            }
            await #expect(throws: EventStoreError.wrongExpectedVersion(stream: "s", expected: .exact(5), actual: 1)) {
                try await store.append(to: "s", expected: .exact(5), events: event, metadata: EventMetadata(actor: "a"))
            }
            await #expect(throws: EventStoreError.wrongExpectedVersion(stream: "t", expected: .exact(1), actual: 0)) {
                try await store.append(to: "t", expected: .exact(1), events: event, metadata: EventMetadata(actor: "a"))
            }
            #expect(try await store.head() == 1)
        }
    }

    @Test("a retried command appends nothing and answers as the first time; reusing its id for other events fails")
    func idempotency() async throws {
        try await TestDatabase.withStore { store, _ in
            let metadata = EventMetadata(actor: "editor:bo")
            let events = [
                NewEvent(type: "Drafted", data: .object(["n": .int(1)])), NewEvent(type: "Tagged", data: .array([])),
            ]
            let first = try await store.append(to: "s", expected: .noStream, events: events, metadata: metadata)
            let retry = try await store.append(to: "s", expected: .noStream, events: events, metadata: metadata)
            #expect(retry == AppendResult(streamVersion: 2, positions: first.positions, isReplay: true))
            #expect(try await store.head() == first.positions[1])

            await #expect(
                throws: EventStoreError.commandIDReused(
                    stream: "s", commandID: metadata.commandID.uuidString.lowercased())
            ) {
                try await store.append(
                    to: "s", expected: .exact(2), events: [NewEvent(type: "Other", data: .null)], metadata: metadata)
            }
            // Concurrent retries of one command land once.
            let again = EventMetadata(actor: "editor:bo")
            let results = try await withThrowingTaskGroup(of: AppendResult.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await store.append(
                            to: "s", expected: .exact(2), events: [NewEvent(type: "Once", data: .null)], metadata: again
                        )
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(results.map(\.positions)).count == 1)
            #expect(results.filter { !$0.isReplay }.count == 1)
            #expect(try await store.version(of: "s") == 3)
        }
    }

    @Test("bad appends are refused before anything is written")
    func invalidAppends() async throws {
        try await TestDatabase.withStore { store, _ in
            let metadata = EventMetadata(actor: "a")
            await #expect(throws: EventStoreError.invalidAppend("a stream id has 1 to 200 characters and no NUL")) {
                try await store.append(
                    to: "", expected: .any, events: [NewEvent(type: "T", data: .null)], metadata: metadata)
            }
            await #expect(throws: EventStoreError.invalidAppend("an append carries 1 to 10000 events, not 0")) {
                try await store.append(to: "s", expected: .any, events: [], metadata: metadata)
            }
            await #expect(throws: EventStoreError.invalidAppend("an event type has 1 to 200 characters and no NUL")) {
                try await store.append(
                    to: "s", expected: .any, events: [NewEvent(type: "", data: .null)], metadata: metadata)
            }
            await #expect(throws: EventStoreError.invalidAppend("event data cannot hold the character U+0000")) {
                try await store.append(
                    to: "s", expected: .any, events: [NewEvent(type: "T", data: .string("nul\u{0}"))],
                    metadata: metadata)
            }
            let fraction = #expect(throws: JSONParseError.self) { try JSONValue(parsing: "{\"price\": 1.5}") }
            #expect(fraction?.offset == 10 && fraction?.reason == JSONParserTests.integersOnly)
            let head = try await store.head()
            #expect(head == 0)
        }
    }

    @Test("UPDATE, DELETE and TRUNCATE on the log fail inside PostgreSQL, whatever the client")
    func immutability() async throws {
        try await TestDatabase.withStore { store, configuration in
            try await store.append(
                to: "s", expected: .noStream, events: [NewEvent(type: "T", data: .null)],
                metadata: EventMetadata(actor: "a"))
            let connection = try await Connection.connect(configuration)
            for sql in ["UPDATE events SET type = 'X'", "DELETE FROM events", "TRUNCATE events"] {
                let error = await #expect(throws: PostgresError.self) { try await connection.execute(sql) }
                #expect(error?.sqlState == "23001", "\(sql)")
                let operation = sql.prefix { $0 != " " }
                #expect(error?.serverMessage == "the event log is append-only: \(operation) on events is not allowed")
            }
            #expect(try await connection.query("SELECT type FROM events")[0].decode("type", as: String.self) == "T")
            await connection.close()
        }
    }
}
