import Coding
import EventStore
import Foundation
import Postgres
import TestSupport
import Testing
import Transparency

@Suite("galley log and the log's tiles over HTTP")
struct LogTreeCommandTests {
    /// A fresh folder for one test's files.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("galley-log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Appends `count` events over three streams.
    static func append(_ count: Int, to store: EventStore) async throws {
        for index in 0..<count {
            try await store.append(
                to: "story-\(index % 3)", expected: .any, events: [NewEvent(type: "Edited", data: .int(Int64(index)))],
                metadata: EventMetadata(actor: "reporter:ana"))
        }
    }

    @Test("keygen writes the private key readable by its owner alone and prints the verifier key; never overwrites")
    func keygen() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("log.key").path
        let made = try await CommandRun.galley(["log", "keygen", "--origin", "news.example/log", "--output", path])
        #expect(made.status == 0, "\(made.errorOutput)")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let printed = made.output.trimmingCharacters(in: .newlines)
        #expect(made.output == printed + "\n")
        #expect(printed.wholeMatch(of: /news\.example\/log\+[0-9a-f]{8}\+[A-Za-z0-9+\/]{44}/) != nil, "\(printed)")
        let signer = try NoteSigner(privateKeyText: try String(contentsOfFile: path, encoding: .utf8))
        #expect(try NoteVerifier(verifierKey: printed) == signer.verifier)

        let again = try await CommandRun.galley(["log", "keygen", "--origin", "other.example/log", "--output", path])
        #expect(again.status == 64)
        #expect(
            again.errorOutput == "galley: cannot write the key to \(path): it exists (a key is never overwritten)\n")
        #expect(again.output.isEmpty)
        let bad = try await CommandRun.galley(
            ["log", "keygen", "--origin", "news example", "--output", folder.appendingPathComponent("b").path])
        #expect(bad.status == 64)
        #expect(
            bad.errorOutput
                == "galley: cannot make a key named news example: key name \"news example\" must be non-empty and hold "
                + "no spaces and no plus signs\n")
    }

    @Test("log checkpoint signs the tree as built; the second implementation verifies the signature")
    func checkpointOnDemand() async throws {
        try await TestDatabase.withStore { store, configuration in
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let environment = ["GALLEY_DATABASE_URL": configuration.conninfo]
            let key = folder.appendingPathComponent("log.key").path
            let made = try await CommandRun.galley(["log", "keygen", "--origin", "news.example/log", "--output", key])
            let verifierKey = made.output.trimmingCharacters(in: .newlines)
            try await Self.append(21, to: store)
            let signed = try await CommandRun.galley(["log", "checkpoint", "--log-key", key], environment: environment)
            #expect(signed.status == 0, "\(signed.errorOutput)")
            let note = try SignedNote(parsing: signed.output)
            #expect(try Checkpoint(text: note.text).size == 21)
            let again = try await CommandRun.galley(["log", "checkpoint", "--log-key", key], environment: environment)
            #expect(again.output == signed.output, "the latest checkpoint, unchanged: nothing new to sign")
            guard PythonScript.isReady else { return }
            let file = folder.appendingPathComponent("checkpoint")
            try Data(signed.output.utf8).write(to: file)
            #expect(try PythonScript.run(["checkpoint", file.path, "--key", verifierKey]) == (0, ""))
            // The proof of the 8th event (by its story and version, and by its position) checks against its hash.
            let (position, hash) = try await Connection.with(configuration) { connection in
                let row = try await connection.query(
                    "SELECT position, hash FROM events WHERE stream_id = 'story-1' AND version = 3")[0]
                return (try row.decode("position", as: Int64.self), try row.decode("hash", as: Data.self))
            }
            let proofFile = folder.appendingPathComponent("proof").path
            let eventFile = folder.appendingPathComponent("event.json").path
            let byStory = try await CommandRun.galley(
                ["log", "proof", "story-1@3", "--output", proofFile, "--event-output", eventFile],
                environment: environment)
            #expect(byStory.status == 0, "\(byStory.errorOutput)")
            let byPosition = try await CommandRun.galley(
                ["log", "proof", "--position", String(position)], environment: environment)
            #expect(byPosition.output == (try String(contentsOfFile: proofFile, encoding: .utf8)))
            #expect(byPosition.output.hasPrefix("c2sp.org/tlog-proof@v1\nindex 7\n"))
            let entry = folder.appendingPathComponent("entry")
            try hash.write(to: entry)
            let args = ["inclusion", proofFile, "--entry", entry.path, "--key", verifierKey]
            #expect(try PythonScript.run(args) == (0, ""))
            try Data(repeating: 7, count: 32).write(to: entry)
            #expect(
                try PythonScript.run(args) == (
                    1, "refused: the inclusion proof does not lead to the checkpoint's root\n"
                ))
            // galley verify checks the same offline: the event's hash from its content, the proof, the signature.
            let verify = ["verify", "--proof", proofFile, "--key", verifierKey, "--event", eventFile]
            let verified = try await CommandRun.galley(verify)
            #expect(verified.status == 0, "\(verified.errorOutput)")
            #expect(verified.output == "verified: the event is leaf 7 of news.example/log's tree of 21 leaves\n")
            let line = try String(contentsOfFile: eventFile, encoding: .utf8)
            try Data(line.replacingOccurrences(of: "\"data\":7", with: "\"data\":8").utf8).write(
                to: URL(fileURLWithPath: eventFile))
            let forged = try await CommandRun.galley(verify)
            #expect(forged.status == 1)
            #expect(
                forged.errorOutput
                    == "galley: the event does not verify: its hash does not match its content and the previous hash\n")
            let other = try await CommandRun.galley(
                ["log", "proof", "story-1@2", "--event-output", eventFile], environment: environment)
            #expect(other.status == 0)
            let misplaced = try await CommandRun.galley(verify)
            #expect(misplaced.status == 1)
            #expect(
                misplaced.errorOutput.hasPrefix("galley: the proof does not verify: the proof leads to root "),
                "\(misplaced.errorOutput)")
            let none = try await CommandRun.galley(["log", "proof", "--position", "999"], environment: environment)
            #expect(none.status == 66)
            #expect(none.errorOutput == "galley: the log's tree holds no event at position 999\n")
            let missing = try await CommandRun.galley(
                ["log", "checkpoint", "--log-key", folder.appendingPathComponent("none").path],
                environment: environment)
            #expect(missing.status == 78)
            #expect(missing.errorOutput == "galley: cannot read the log key \(folder.path)/none\n")
        }
    }

    @Test("serve signs checkpoints as the log grows and serves tiles and entry bundles; hostile paths are 404")
    func servedTiles() async throws {
        try await TestDatabase.withStore { store, configuration in
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let environment = ["GALLEY_DATABASE_URL": configuration.conninfo]
            let key = folder.appendingPathComponent("log.key").path
            let made = try await CommandRun.galley(["log", "keygen", "--origin", "news.example/log", "--output", key])
            let verifier = try NoteVerifier(verifierKey: made.output.trimmingCharacters(in: .newlines))
            try await Self.append(300, to: store)
            let server = try await ServerProcess.start(
                environment: environment, arguments: ["--log-key", key, "--checkpoint-interval", "1"])
            do {
                let client = HTTPClient(port: server.port)
                var checkpoint: Checkpoint?
                for _ in 0..<200 {
                    let reply = try await client.send("GET", "/log/checkpoint")
                    if reply.status == 200 {
                        let note = try SignedNote(parsing: String(decoding: reply.body, as: UTF8.self))
                        try note.verify(by: [verifier])
                        checkpoint = try Checkpoint(text: note.text)
                        if checkpoint?.size == 300 { break }
                    }
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(checkpoint?.size == 300)
                let hashes = try await Connection.with(configuration) { connection in
                    try await connection.query("SELECT hash FROM events ORDER BY position").map {
                        Array(try $0.decode("hash", as: Data.self))
                    }
                }
                let memory = MemoryHashStore(entries: hashes)
                #expect(checkpoint?.root == (try await MerkleTree.rootHash(size: 300, reader: memory)))
                for tile in Tile.tiles(treeSize: 300) {
                    let reply = try await client.send("GET", "/log/" + tile.path)
                    #expect(reply.status == 200, "\(tile)")
                    #expect(Array(reply.body) == (try await tile.data(reader: memory)), "\(tile)")
                    #expect(reply.headers["cache-control"] == "public, max-age=31536000, immutable")
                }
                // A narrower partial tile is a prefix of the wider one.
                let narrow = try await client.send("GET", "/log/tile/0/001.p/3")
                #expect(Array(narrow.body) == (try await Tile(level: 0, index: 1, width: 3).data(reader: memory)))
                let bundle = try await client.send("GET", "/log/tile/entries/000")
                #expect(try EntryBundle.decode(Array(bundle.body)) == Array(hashes[0..<256]))
                let partial = try await client.send("GET", "/log/tile/entries/001.p/44")
                #expect(try EntryBundle.decode(Array(partial.body)) == Array(hashes[256..<300]))
                for path in [
                    "/log/tile/0/001", "/log/tile/0/001.p/45", "/log/tile/entries/001.p/45", "/log/tile/1/000",
                    "/log/tile/8/000", "/log/tile/0/x000/001", "/log/tile/0/000.p/0", "/log/tile/0/000.p/256",
                    "/log/tile/0/000.p/abc", "/log/tile/0/0", "/log/tile/-1/000",
                    "/log/tile/0/99999999999999999999", "/log/tile/entries/x999/x999/x999/x999/x999/x999/x999",
                    "/log/tile/0/x072/x057/x594/x037/x927/x935", "/log/tile/..%2F..%2Fetc", "/log/tile/",
                    "/log/tile/entries", "/log/tile/0/000/", "/log/tile/0/000.p/", "/log/tile/0/000.p/1/2",
                ] {
                    let reply = try await client.send("GET", path)
                    #expect(reply.status == 404, "\(path): \(reply.status)")
                }
            } catch {
                _ = await server.stop()
                throw error
            }
            #expect(await server.stop() == 0)
        }
    }
}
