import Coding
import Foundation
import Postgres
import Synchronization
import TestSupport
import Testing

@testable import EventStore

@Suite("Group commit: small groups of one-event commands and large ones answer alike")
struct GroupCommitTests {
    /// The same commands, committed as one group: in a group of four they go as lone statements in one
    /// transaction, padded to five they go through `events_append`.
    @Test(
        "a follow-up on the same stream appends after its neighbour, a stale version is a conflict, a retry is a duplicate",
        arguments: [false, true])
    func smallAndLargeGroups(padded: Bool) async throws {
        try await TestDatabase.withStore { store, _ in
            let retried = EventMetadata(actor: "reporter")
            let first = try await store.append(
                to: "retry", expected: .noStream, events: [NewEvent(type: "Drafted", data: .int(1))], metadata: retried)
            try await store.append(
                to: "stale", expected: .noStream, events: [NewEvent(type: "Drafted", data: .int(1))],
                metadata: EventMetadata(actor: "reporter"))

            func request(_ stream: String, _ expected: ExpectedVersion, metadata: EventMetadata? = nil) throws
                -> AppendRequest
            {
                try AppendRequest(
                    stream: stream, expected: expected, events: [NewEvent(type: "Edited", data: .string(stream))],
                    metadata: metadata ?? EventMetadata(actor: "editor"))
            }
            var requests = [
                try request("fresh", .noStream),
                try request("fresh", .exact(1)),
                try request("stale", .noStream),
            ]
            // The retry sends what the first attempt sent.
            requests.append(
                try AppendRequest(
                    stream: "retry", expected: .noStream, events: [NewEvent(type: "Drafted", data: .int(1))],
                    metadata: retried))
            if padded { requests.append(try request("padding", .any)) }
            #expect((requests.count <= GroupCommit.maxLoneEventGroup) == !padded)

            let batch = requests
            let results = try await store.pool.withSession { session in
                GroupCommit.commit(batch, on: session, lockTimeout: .milliseconds(50))
            }
            #expect(try results[0].get().streamVersion == 1)
            #expect(try results[1].get().streamVersion == 2)
            #expect(
                results[2].error as? EventStoreError
                    == .wrongExpectedVersion(stream: "stale", expected: .noStream, actual: 1))
            let retry = try results[3].get()
            #expect(retry.isReplay && retry.positions == first.positions)
            #expect(try await store.version(of: "fresh") == 2)
            #expect(try await store.version(of: "stale") == 1)
            #expect(try await store.version(of: "retry") == 1)
            #expect(try await store.verify().firstBroken == nil)
        }
    }

    @Test(
        "a small group takes no group locks: it commits past another session's lock on one of its streams, which a group of five waits for"
    )
    func smallGroupTakesNoGroupLock() async throws {
        try await TestDatabase.withStore { store, configuration in
            // The lock events_append takes for each stream of a group (migrations/0005).
            let holder = try await Connection.connect(configuration)
            try await holder.execute("BEGIN")
            try await holder.execute("SELECT pg_advisory_xact_lock(1195461708, hashtext('locked'))")
            func requests(_ count: Int) throws -> [AppendRequest] {
                try (0..<count).map { index in
                    try AppendRequest(
                        stream: index == 0 ? "locked" : "free-\(count)-\(index)", expected: .any,
                        events: [NewEvent(type: "Edited", data: .int(Int64(index)))],
                        metadata: EventMetadata(actor: "editor"))
                }
            }
            /// Commits `group` while watching, from the holder's session, for a session waiting on the lock;
            /// once one is seen, the holder lets go so that the group can finish.
            func commitWatching(_ group: [AppendRequest]) async throws -> (waited: Bool, versions: [Int64]) {
                let done = Atomic(false)
                let commit = Task {
                    defer { done.store(true, ordering: .releasing) }
                    return try await store.pool.withSession { session in
                        GroupCommit.commit(group, on: session, lockTimeout: .seconds(10))
                    }
                }
                var waited = false
                while !done.load(ordering: .acquiring) {
                    // pg_locks is the whole cluster's, and tests in other databases take advisory locks of
                    // their own: only a wait for this database's lock on `locked` counts.
                    let waiting: Int64 = try await holder.query(
                        """
                        SELECT count(*) AS n FROM pg_locks
                        WHERE locktype = 'advisory' AND NOT granted AND objsubid = 2
                          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                          AND classid = 1195461708 AND objid = hashtext('locked')::oid
                        """)[0]
                        .decode("n")
                    if waiting > 0 {
                        waited = true
                        try await holder.execute("ROLLBACK")
                        break
                    }
                    try await Task.sleep(for: .milliseconds(5))
                }
                return (waited, try await commit.value.map { try $0.get().streamVersion })
            }

            let small = try await commitWatching(try requests(4))
            #expect(!small.waited, "a group of four waited on the group lock")
            #expect(small.versions == [1, 1, 1, 1])
            let large = try await commitWatching(try requests(5))
            #expect(large.waited, "the watch saw no wait, so it could not have seen the small group's either")
            #expect(large.versions == [2, 1, 1, 1, 1])
            await holder.close()
        }
    }

    @Test("a unique violation in a small group fails no one: each command is committed again on its own")
    func raceInSmallGroup() async throws {
        try await TestDatabase.withStore { store, configuration in
            // Another session holds version 1 of the stream, uncommitted, so the group's INSERT waits and then
            // collides once it commits.
            let holder = try await Connection.connect(configuration)
            try await holder.execute("BEGIN")
            try await holder.execute(
                """
                INSERT INTO events (stream_id, version, type, data, metadata, recorded_at, hash)
                VALUES ('raced', 1, 'Raw', '{}', '{}', now(), $1)
                """, [Data(repeating: 7, count: 32)])
            let requests = [
                try AppendRequest(
                    stream: "calm", expected: .noStream, events: [NewEvent(type: "Edited", data: .int(1))],
                    metadata: EventMetadata(actor: "editor")),
                try AppendRequest(
                    stream: "raced", expected: .any, events: [NewEvent(type: "Edited", data: .int(1))],
                    metadata: EventMetadata(actor: "editor")),
            ]
            let commit = Task {
                try await store.pool.withSession { session in
                    GroupCommit.commit(requests, on: session, lockTimeout: .seconds(5))
                }
            }
            try await Task.sleep(for: .milliseconds(200))
            try await holder.execute("COMMIT")
            await holder.close()
            let results = try await commit.value
            #expect(try results[0].get().streamVersion == 1)
            #expect(try results[1].get().streamVersion == 2)
            #expect(try await store.version(of: "calm") == 1)
        }
    }
}

extension Result {
    fileprivate var error: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
