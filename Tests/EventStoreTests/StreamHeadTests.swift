import Coding
import Foundation
import Postgres
import TestSupport
import Testing

@testable import EventStore

@Suite("One look-up of a stream's head, shared by every append")
struct StreamHeadTests {
    @Test("events_stream_head answers a stream's last version and hash, and nothing for a stream not begun")
    func head() async throws {
        try await TestDatabase.withStore { store, _ in
            try await store.append(
                to: "article-1", expected: .noStream,
                events: [NewEvent(type: "Drafted", data: .int(1)), NewEvent(type: "Edited", data: .int(2))],
                metadata: EventMetadata(actor: "reporter"))
            let last = try await store.readStream("article-1").last
            let rows = try await store.pool.query("SELECT version, hash FROM events_stream_head($1)", ["article-1"])
            #expect(try rows.map { try $0.decode("version", as: Int64.self) } == [2])
            #expect(try rows.map { Array(try $0.decode("hash", as: Data.self)) } == [last?.hash ?? []])
            #expect(try await store.pool.query("SELECT * FROM events_stream_head($1)", ["article-2"]).isEmpty)
        }
    }

    /// The function is inlined, so sharing it costs the one-writer append nothing: its generic plan (the one a
    /// prepared statement keeps) probes the unique index backwards, as when the look-up was written out in place.
    @Test("the lone-event statement's plan reads the head with one backward index probe, not a function call")
    func inlinedIntoTheLoneEventStatement() async throws {
        try await TestDatabase.withStore { store, _ in
            let plan = try await store.pool.withConnection { connection in
                try await connection.execute("SET plan_cache_mode = force_generic_plan")
                return try await connection.query(
                    "EXPLAIN (COSTS OFF) " + GroupCommit.loneEvent,
                    ["article-1", Int64(-1), UUID(), "Drafted", Data("1".utf8), Data("{}".utf8)]
                ).map { try $0.decode("QUERY PLAN", as: String.self) }.joined(separator: "\n")
            }
            #expect(plan.contains("Index Scan Backward using events_stream_version_key"), "\(plan)")
            #expect(!plan.contains("Function Scan"), "\(plan)")
        }
    }
}
