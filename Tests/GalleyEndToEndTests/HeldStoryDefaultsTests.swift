import Foundation
import Postgres
import TestSupport
import Testing

/// Stories held by one open transaction (a psql session that wrote to each and never committed) must not fail a
/// command on another story, with `galley serve` at its default settings (a 5 s lock timeout).
@Suite("galley serve: held stories at the default settings")
struct HeldStoryDefaultsTests {
    @Test("with 1, 2 and 4 stories held, a comment on another story is answered 200; the held ones 503 story-held")
    func unrelatedStoryIsAnswered() async throws {
        try await TestDatabase.withFresh { configuration in
            let environment = ["GALLEY_DATABASE_URL": configuration.conninfo]
            let token = try await CommandRun.userWithToken("bo", role: "editor", environment: environment)
            let server = try await ServerProcess.start(environment: environment)
            let bo = HTTPClient(port: server.port, token: token)
            var ids: [String] = []
            for index in 0..<5 {
                let created = try await bo.send(
                    "POST", "/v1/articles",
                    json: ["headline": "Story \(index)", "slug": "story-\(index)", "desk": "city", "body": ["Text."]])
                ids.append(try #require(created.json["id"] as? String))
            }
            let free = ids[4]
            let clock = ContinuousClock()
            for heldCount in [1, 2, 4] {
                let holder = try await Connection.connect(configuration)
                try await holder.execute("BEGIN")
                for id in ids.prefix(heldCount) {
                    try await holder.execute(
                        """
                        INSERT INTO events (stream_id, version, type, data, metadata, recorded_at, hash)
                        SELECT $1, max(version) + 1, 'Held', '{}', '{}', now(), $2 FROM events WHERE stream_id = $1
                        """, ["article-\(id)", Data(repeating: 7, count: 32)])
                }
                // The held stories' commands and the free one's go together, as a newsroom's would.
                let (held, freeReply, freeTime) = try await withThrowingTaskGroup(
                    of: (HTTPClient.Reply, Duration, isHeld: Bool).self
                ) { group in
                    for (index, id) in ids.enumerated() where index < heldCount || id == free {
                        group.addTask {
                            let sent = clock.now
                            let reply = try await bo.send(
                                "POST", "/v1/articles/\(id)/comments", json: ["text": "With \(heldCount) held."])
                            return (reply, clock.now - sent, index < heldCount)
                        }
                    }
                    var held: [HTTPClient.Reply] = []
                    var free: (HTTPClient.Reply, Duration)?
                    for try await (reply, time, isHeld) in group {
                        if isHeld { held.append(reply) } else { free = (reply, time) }
                    }
                    let answer = try #require(free)
                    return (held, answer.0, answer.1)
                }
                if heldCount == 1 {
                    // The command line has no status to tell them apart, so its message says what to do.
                    let comment = try await CommandRun.galley(
                        ["comment", ids[0], "--as", "bo", "Held?"], environment: environment)
                    #expect(comment.status == 75)
                    #expect(comment.errorOutput.contains("is held by another transaction"), "\(comment.errorOutput)")
                    #expect(comment.errorOutput.contains("try again"), "\(comment.errorOutput)")
                }
                try await holder.execute("ROLLBACK")
                await holder.close()
                #expect(
                    freeReply.status == 200,
                    "with \(heldCount) held: \(String(decoding: freeReply.body, as: UTF8.self))")
                // Generous for a loaded machine, but short of the 5 s lock timeout that a command caught up with
                // the held ones waits in full.
                #expect(freeTime < .seconds(4.5), "with \(heldCount) held, the free story's comment took \(freeTime)")
                #expect(held.count == heldCount)
                for reply in held {
                    #expect(reply.status == 503)
                    #expect(reply.json["type"] as? String == "urn:galley:problem:story-held")
                    #expect(reply.headers["retry-after"] == "5")
                    #expect((reply.json["detail"] as? String)?.contains("try again") == true)
                }
                print("held stories at defaults: \(heldCount) held; the free story's comment took \(freeTime)")
            }
            #expect(await server.stop() == 0)
        }
    }
}
