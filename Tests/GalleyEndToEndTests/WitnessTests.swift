import Coding
import EventStore
import Foundation
import Galley
import Postgres
import TestSupport
import Testing
import Transparency

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("galley witness serve, a newsroom's log cosigned, and a log rewritten behind Galley's back")
struct WitnessTests {
    /// A newsroom's database and keys, and a witness with a database of its own, serving.
    struct Setting {
        let folder: URL
        let newsroom: [String: String]
        let newsroomConfiguration: ConnectionConfiguration
        let logKey: String
        let logVerifierKey: String
        let witnessVerifierKey: String
        let witness: ServerProcess
        let witnessDatabase: ConnectionConfiguration

        /// `--witness`'s argument for this witness.
        var witnessArgument: String { "\(witnessVerifierKey) http://127.0.0.1:\(witness.port)" }

        /// Writes `text` to a file in the test's folder and returns its path.
        func file(_ name: String, _ text: String) throws -> String {
            let url = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return url.path
        }
    }

    static func withSetting(_ body: (Setting, EventStore) async throws -> Void) async throws {
        try await TestDatabase.withStore { store, newsroom in
            try await TestDatabase.withFresh(migrated: false) { witnessDatabase in
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "galley-witness-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: folder) }
                let logKey = folder.appendingPathComponent("log.key").path
                let logMade = try await CommandRun.galley(
                    ["log", "keygen", "--origin", "news.example/log", "--output", logKey])
                let witnessKey = folder.appendingPathComponent("witness.key").path
                let witnessMade = try await CommandRun.galley(
                    ["witness", "keygen", "--name", "witness.example/w1", "--output", witnessKey])
                #expect(witnessMade.status == 0, "\(witnessMade.errorOutput)")
                let logVerifierKey = logMade.output.trimmingCharacters(in: .newlines)
                let witness = try await ServerProcess.start(
                    command: ["witness", "serve"], environment: ["GALLEY_DATABASE_URL": witnessDatabase.conninfo],
                    arguments: ["--key", witnessKey, "--log", logVerifierKey])
                let setting = Setting(
                    folder: folder, newsroom: ["GALLEY_DATABASE_URL": newsroom.conninfo],
                    newsroomConfiguration: newsroom, logKey: logKey, logVerifierKey: logVerifierKey,
                    witnessVerifierKey: witnessMade.output.trimmingCharacters(in: .newlines), witness: witness,
                    witnessDatabase: witnessDatabase)
                do {
                    try await body(setting, store)
                } catch {
                    _ = await witness.stop()
                    throw error
                }
                _ = await witness.stop()
            }
        }
    }

    /// Appends `count` events over three stories.
    static func append(_ count: Int, to store: EventStore, from start: Int = 0) async throws {
        for index in start..<(start + count) {
            try await store.append(
                to: "story-\(index % 3)", expected: .any, events: [NewEvent(type: "Edited", data: .int(Int64(index)))],
                metadata: EventMetadata(actor: "reporter:ana"))
        }
    }

    /// POSTs `body` to the witness's add-checkpoint: status, content type, body.
    static func add(_ body: String, to witness: ServerProcess) async throws -> (Int, String, String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(witness.port)/add-checkpoint")!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return (
            http.statusCode, http.value(forHTTPHeaderField: "Content-Type") ?? "", String(decoding: data, as: UTF8.self)
        )
    }

    @Test(
        "the witness cosigns each checkpoint that extends the last; after a superuser rewrites a past event and every hash after it, the witness refuses the next checkpoint and verify --checkpoint names the event"
    )
    func fork() async throws {
        try await Self.withSetting { setting, store in
            let env = setting.newsroom
            try await Self.append(12, to: store)
            let first = try await CommandRun.galley(
                ["log", "checkpoint", "--log-key", setting.logKey, "--witness", setting.witnessArgument],
                environment: env)
            #expect(first.status == 0, "\(first.errorOutput)")
            let logKey = try NoteVerifier(verifierKey: setting.logVerifierKey)
            let witnessKey = try NoteVerifier(verifierKey: setting.witnessVerifierKey)
            let cosigned = try Checkpoint.verified(
                try SignedNote(parsing: first.output), logKeys: [logKey], witnesses: [witnessKey], quorum: 1)
            #expect(cosigned.size == 12)

            // The tree grows; the witness is sent a consistency proof from 12 and cosigns 20.
            try await Self.append(8, to: store, from: 12)
            let second = try await CommandRun.galley(
                ["log", "checkpoint", "--log-key", setting.logKey, "--witness", setting.witnessArgument],
                environment: env)
            #expect(second.status == 0, "\(second.errorOutput)")
            let trusted = try setting.file("trusted.checkpoint", second.output)
            #expect(try Checkpoint(text: try SignedNote(parsing: second.output).text).size == 20)
            if PythonScript.isReady {
                #expect(
                    try PythonScript.run([
                        "checkpoint", trusted, "--key", setting.logVerifierKey, "--witness",
                        setting.witnessVerifierKey, "--quorum", "1",
                    ]) == (0, ""))
                let older = try setting.file("older.checkpoint", first.output)
                let consistency = try await CommandRun.galley(
                    ["log", "consistency", older, trusted, "--key", setting.logVerifierKey], environment: env)
                #expect(consistency.status == 0, "\(consistency.errorOutput)")
                let proof = try setting.file("consistency.proof", consistency.output)
                #expect(
                    try PythonScript.run([
                        "consistency", older, trusted, "--proof", proof, "--key", setting.logVerifierKey,
                    ]) == (0, ""))
            }

            // An event's proof carries the cosignature; an auditor who trusts the witness checks it offline.
            let proofFile = setting.folder.appendingPathComponent("story.proof").path
            let eventFile = setting.folder.appendingPathComponent("event.json").path
            let proved = try await CommandRun.galley(
                ["log", "proof", "story-1@2", "--output", proofFile, "--event-output", eventFile], environment: env)
            #expect(proved.status == 0, "\(proved.errorOutput)")
            let checked = try await CommandRun.galley([
                "verify", "--proof", proofFile, "--key", setting.logVerifierKey, "--event", eventFile, "--witness",
                setting.witnessVerifierKey, "--quorum", "1",
            ])
            #expect(checked.status == 0, "\(checked.errorOutput)")
            #expect(checked.output.hasPrefix("verified: the event is leaf "))

            // An auditor mirrors the tree it trusts, as the newsroom serves it.
            let server = try await ServerProcess.start(environment: env, arguments: ["--no-webhooks"])
            let mirror = setting.folder.appendingPathComponent("mirror").path
            let mirrored = try await CommandRun.galley([
                "log", "mirror", "http://127.0.0.1:\(server.port)/log", "--key", setting.logVerifierKey, "--output",
                mirror,
            ])
            _ = await server.stop()
            #expect(mirrored.status == 0, "\(mirrored.errorOutput)")
            #expect(mirrored.output == "mirrored news.example/log at 20 leaves (1 tiles fetched)\n")

            // Someone who controls PostgreSQL rewrites story-1's second event and every hash after it in its
            // chain, then throws the tree and its checkpoints away so that Galley builds and signs the new history.
            let victim = try await store.readStream("story-1", from: 2, through: 2)[0]
            try await Self.rewrite(stream: "story-1", from: 2, configuration: setting.newsroomConfiguration)
            #expect(try await store.verify().firstBroken == nil, "the chain alone cannot tell")
            try await Connection.with(setting.newsroomConfiguration) { connection in
                try await connection.execute("DELETE FROM log_cosignatures")
                try await connection.execute("DELETE FROM log_checkpoints")
            }
            try await Connection.with(setting.newsroomConfiguration) { try await LogTreeBuilder.reset(on: $0) }
            try await Self.append(1, to: store, from: 20)

            let forged = try await CommandRun.galley(
                ["log", "checkpoint", "--log-key", setting.logKey, "--witness", setting.witnessArgument],
                environment: env)
            #expect(forged.status == 75)
            #expect(
                forged.errorOutput.hasPrefix("galley: witness witness.example/w1 did not cosign (HTTP 422): "),
                "\(forged.errorOutput)")
            let forgedNote = try SignedNote(parsing: forged.output)
            #expect(try forgedNote.verifiedKeys(among: [witnessKey]).isEmpty, "no cosignature on the fork")
            let alone = try await CommandRun.galley([
                "verify", "--checkpoint", trusted, "--key", setting.logVerifierKey, "--witness",
                setting.witnessVerifierKey,
            ])
            #expect(alone.status == 0, "\(alone.errorOutput)")
            #expect(alone.output.hasPrefix("verified: news.example/log signed its tree of 20 leaves, root "))
            let forgedFile = try setting.file("forged.checkpoint", forged.output)
            let uncosigned = try await CommandRun.galley([
                "verify", "--checkpoint", forgedFile, "--key", setting.logVerifierKey, "--witness",
                setting.witnessVerifierKey,
            ])
            #expect(uncosigned.status == 1)
            #expect(
                uncosigned.errorOutput
                    == "galley: the checkpoint does not verify: 0 of the known witnesses cosigned the checkpoint; 1 are "
                    + "required\n")
            // The auditor's mirror will not take the rewritten tree over the one it holds.
            let rewritten = try await ServerProcess.start(environment: env, arguments: ["--no-webhooks"])
            let remirrored = try await CommandRun.galley([
                "log", "mirror", "http://127.0.0.1:\(rewritten.port)/log", "--key", setting.logVerifierKey, "--output",
                mirror,
            ])
            _ = await rewritten.stop()
            #expect(remirrored.status == 75)
            #expect(
                remirrored.errorOutput
                    == "galley: the log's tree of 21 leaves does not extend the checkpoint of 20 leaves this folder "
                    + "holds: the log was changed after it signed that one; nothing was written\n")
            let remembered = try await Connection.with(setting.witnessDatabase) { connection in
                try await connection.query("SELECT tree_size FROM witness_checkpoints")[0].decode(
                    "tree_size", as: Int64.self)
            }
            #expect(remembered == 20, "the witness still holds the size it cosigned")

            // The rewritten export passes the chain check, and fails against the cosigned checkpoint by name.
            let export = try await CommandRun.galley(["export", "--format", "jsonl"], environment: env)
            let exportFile = try setting.file("log.jsonl", export.output)
            #expect(try await CommandRun.galley(["verify", "--file", exportFile]).status == 0)
            let held = try await CommandRun.galley([
                "verify", "--file", exportFile, "--checkpoint", trusted, "--key", setting.logVerifierKey, "--witness",
                setting.witnessVerifierKey, "--tiles", mirror,
            ])
            #expect(held.status == 1)
            #expect(
                held.errorOutput
                    == "galley: the export is not the tree that news.example/log signed at 20 leaves: the first leaf "
                    + "that differs is 4, the event at position \(victim.position) (story-1 version 2); it, or one "
                    + "before it, was changed after the log signed\n")
            let consistency = try await CommandRun.galley(
                ["log", "consistency", trusted, "--key", setting.logVerifierKey], environment: env)
            #expect(consistency.status == 1)
            #expect(consistency.errorOutput.contains("the log was changed after that checkpoint was signed"))
        }
    }

    /// Rewrites a stream's event at `version` and every hash after it in the stream, as a superuser would.
    static func rewrite(stream: String, from version: Int64, configuration: ConnectionConfiguration) async throws {
        try await Connection.with(configuration) { connection in
            try await connection.execute("SET session_replication_role = replica")
            let rows = try await connection.query(
                """
                SELECT version, type, data::text AS data, metadata::text AS metadata, recorded_at, hash
                FROM events WHERE stream_id = $1 ORDER BY version
                """, [stream])
            var previous = EventHash.genesis
            for row in rows {
                let current: Int64 = try row.decode("version")
                if current < version {
                    previous = Array(try row.decode("hash", as: Data.self))
                    continue
                }
                var data = try JSONValue(parsing: try row.decode("data", as: String.self))
                if current == version { data = .object(["rewritten": .bool(true)]) }
                let hash = EventHash.compute(
                    previous: previous, streamID: stream, version: current, type: try row.decode("type"),
                    data: data.canonicalBytes,
                    metadata: try JSONValue(parsing: try row.decode("metadata", as: String.self)).canonicalBytes,
                    recordedAtMicroseconds: try row.decode("recorded_at", as: PostgresTimestamp.self)
                        .microsecondsSinceUnixEpoch)
                try await connection.execute(
                    "UPDATE events SET data = $1, hash = $2 WHERE stream_id = $3 AND version = $4",
                    [PostgresJSON(data.canonicalText), Data(hash), stream, current])
                previous = hash
            }
        }
    }

    @Test("the witness answers tlog-witness's statuses: 400, 403, 404, 409 with its size, and never cosigns a fork")
    func refusals() async throws {
        try await Self.withSetting { setting, store in
            try await Self.append(5, to: store)
            let signed = try await CommandRun.galley(
                ["log", "checkpoint", "--log-key", setting.logKey, "--witness", setting.witnessArgument],
                environment: setting.newsroom)
            #expect(signed.status == 0, "\(signed.errorOutput)")
            let note = try SignedNote(parsing: signed.output)
            let logOnly = try SignedNote(text: note.text, signatures: [note.signatures[0]])

            #expect(try await Self.add("hello\n", to: setting.witness).0 == 400)
            let stranger = try NoteSigner.generate(name: "other.example/log")
            let unknown = try SignedNote.sign(
                text: "other.example/log\n5\n\(MerkleTree.emptyRoot.base64)\n", signers: [stranger])
            #expect(
                try await Self.add(AddCheckpoint(oldSize: 0, proof: [], checkpoint: unknown).body, to: setting.witness)
                    .0 == 404)
            let impostor = try NoteSigner.generate(name: "news.example/log")
            let forged = try SignedNote.sign(text: note.text, signers: [impostor])
            #expect(
                try await Self.add(AddCheckpoint(oldSize: 0, proof: [], checkpoint: forged).body, to: setting.witness).0
                    == 403)
            let (status, type, body) = try await Self.add(
                AddCheckpoint(oldSize: 0, proof: [], checkpoint: logOnly).body, to: setting.witness)
            #expect(status == 409)
            #expect(type == "text/x.tlog.size")
            #expect(body == "5\n")
            // The same size again, with the same root, is cosigned again; with another root it is a fork.
            let again = try await Self.add(
                AddCheckpoint(oldSize: 5, proof: [], checkpoint: logOnly).body, to: setting.witness)
            #expect(again.0 == 200)
            #expect(again.2.hasPrefix("\u{2014} witness.example/w1 "))
            let signer = try NoteSigner(privateKeyText: try String(contentsOfFile: setting.logKey, encoding: .utf8))
            let other = try SignedNote.sign(
                text: Checkpoint(origin: "news.example/log", size: 5, root: MerkleTree.leafHash([1])).text,
                signers: [signer])
            let fork = try await Self.add(
                AddCheckpoint(oldSize: 5, proof: [], checkpoint: other).body, to: setting.witness)
            #expect(fork.0 == 409)
        }
    }

    @Test("galley serve signs as the log grows and serves each checkpoint with the witness's cosignature")
    func serveAsksTheWitness() async throws {
        try await Self.withSetting { setting, store in
            let keys = (
                log: try NoteVerifier(verifierKey: setting.logVerifierKey),
                witness: try NoteVerifier(verifierKey: setting.witnessVerifierKey)
            )
            let server = try await ServerProcess.start(
                environment: setting.newsroom,
                arguments: [
                    "--no-webhooks", "--log-key", setting.logKey, "--checkpoint-interval", "1", "--witness",
                    setting.witnessArgument,
                ])
            let client = HTTPClient(port: server.port)
            /// The served checkpoint once it covers `size` leaves with the witness's cosignature.
            func cosigned(_ size: UInt64) async throws -> Checkpoint? {
                let deadline = ContinuousClock.now + .seconds(60)
                while ContinuousClock.now < deadline {
                    let reply = try await client.send("GET", "/log/checkpoint")
                    if reply.status == 200,
                        let checkpoint = try? Checkpoint.verified(
                            try SignedNote(bytes: reply.body), logKeys: [keys.log], witnesses: [keys.witness],
                            quorum: 1),
                        checkpoint.size >= size
                    {
                        return checkpoint
                    }
                    try await Task.sleep(for: .milliseconds(200))
                }
                return nil
            }
            try await Self.append(4, to: store)
            #expect(try await cosigned(4)?.size == 4)
            try await Self.append(3, to: store, from: 4)
            #expect(try await cosigned(7)?.size == 7)
            #expect(await server.stop() == 0)
        }
    }
}
