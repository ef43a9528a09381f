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
