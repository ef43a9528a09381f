import Coding
import EventStore
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("galley events and galley verify")
struct EventLogCommandTests {
    @Test("events prints the log in order as text or JSON lines; verify names the first broken event")
    func eventsAndVerify() async throws {
        try await TestDatabase.withStore { store, configuration in
            let environment = ["GALLEY_DATABASE_URL": configuration.conninfo]
            for (index, text) in ["Ceasefire holds", "Kyiv — «quoted» \"text\"\ttab", "emoji 🗞️ and \u{1} control"]
                .enumerated()
            {
                try await store.append(
                    to: "article-\(index % 2)", expected: .any,
                    events: [
                        NewEvent(
                            type: "Edited", data: .object(["headline": .string(text), "words": .int(Int64(index))]))
                    ],
                    metadata: EventMetadata(actor: "reporter:ana"))
            }

            let json = try await CommandRun.galley(["events", "--json"], environment: environment)
            #expect(json.status == 0, "\(json.errorOutput)")
            let lines = json.output.split(separator: "\n")
            #expect(lines.count == 3)
            let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
            #expect(first?["position"] as? Int == 1)
            #expect(first?["stream"] as? String == "article-0")
            #expect((first?["data"] as? [String: Any])?["headline"] as? String == "Ceasefire holds")
            #expect((first?["metadata"] as? [String: Any])?["actor"] as? String == "reporter:ana")
            #expect((first?["hash"] as? String)?.count == 64)

            let page = try await CommandRun.galley(
                ["events", "--after", "1", "--limit", "1"], environment: environment)
            #expect(page.status == 0)
            #expect(page.output.hasPrefix("#2  article-1@1  Edited  "))
            #expect(page.output.split(separator: "\n").count == 1)

            // A third party recomputes the chain from the JSON lines with Python's standard library alone.
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") {
                let python = try await CommandRun.run(
                    executable: URL(fileURLWithPath: "/usr/bin/python3"),
                    arguments: [TestDatabase.packageRoot.appendingPathComponent("scripts/verify-chain.py").path],
                    input: json.output)
                #expect(python.status == 0, "\(python.output)\(python.errorOutput)")
                #expect(python.output.contains("verified 3 events in 2 streams"))
            }

            let intact = try await CommandRun.galley(["verify"], environment: environment)
            #expect(intact.status == 0)
            #expect(intact.output.contains("verified 3 events in 2 streams"))

            let connection = try await Connection.connect(configuration)
            try await connection.execute("SET session_replication_role = replica")
            try await connection.execute("UPDATE events SET type = 'Forged' WHERE position = 3")
            await connection.close()
            let broken = try await CommandRun.galley(["verify"], environment: environment)
            #expect(broken.status == 1)
            #expect(broken.errorOutput.contains("position 3 (stream article-0, version 2)"))
            let otherStream = try await CommandRun.galley(["verify", "article-1"], environment: environment)
            #expect(otherStream.status == 0)

            let bad = try await CommandRun.galley(["events", "--limit", "0"], environment: environment)
            #expect(bad.status == 64)
        }
    }
}

@Suite("galley events --follow across a database outage")
struct FollowOutageTests {
    @Test("events --follow reconnects when its session is killed and the database refuses it for a while")
    func followSurvivesOutage() async throws {
        try await TestDatabase.withStore { store, configuration in
            func append(_ count: Int, from start: Int) async throws {
                for index in start..<(start + count) {
                    try await store.append(
                        to: "s-\(index)", expected: .noStream, events: [NewEvent(type: "T", data: .int(Int64(index)))],
                        metadata: EventMetadata(actor: "test"))
                }
            }
            try await append(3, from: 0)
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("follow-\(UUID().uuidString)")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            defer { try? FileManager.default.removeItem(at: output) }
            let follower = Process()
            follower.executableURL = BuiltProducts.galley
            follower.arguments = ["events", "--follow", "--json"]
            follower.environment = ProcessInfo.processInfo.environment.merging(
                ["GALLEY_DATABASE_URL": configuration.conninfo]) { $1 }
            follower.standardOutput = try FileHandle(forWritingTo: output)
            follower.standardError = FileHandle.nullDevice
            try follower.run()
            func positions() -> [Int] {
                let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
                return text.split(separator: "\n").compactMap {
                    (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["position"] as? Int
                }
            }
            func waitFor(_ count: Int) async throws {
                for _ in 0..<300 where positions().count < count { try await Task.sleep(for: .milliseconds(50)) }
            }
            try await waitFor(3)
            #expect(positions() == [1, 2, 3])

            // An outage: the database refuses new sessions and its sessions are ended, as in a restart.
            let database = try #require(configuration.options["dbname"])
            try await Connection.with(try TestDatabase.adminConfiguration()) { admin in
                try await admin.withSession { try $0.runScript("ALTER DATABASE \(database) ALLOW_CONNECTIONS false") }
                try await admin.query(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                    [database])
                try await Task.sleep(for: .milliseconds(1_500))
                #expect(follower.isRunning, "the follower exited during the outage")
                try await admin.withSession { try $0.runScript("ALTER DATABASE \(database) ALLOW_CONNECTIONS true") }
            }
            try await append(3, from: 3)
            try await waitFor(6)
            #expect(positions() == [1, 2, 3, 4, 5, 6], "resumed from its position: nothing lost, nothing twice")
            #expect(follower.isRunning)
            follower.terminate()
            follower.waitUntilExit()
        }
    }
}
