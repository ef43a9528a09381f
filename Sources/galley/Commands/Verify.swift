import ArgumentParser
import Coding
import EventStore
import Foundation
import Galley
import Postgres
import Transparency

/// `galley verify`: recomputes the hash chains.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recompute every event's hash and check that each stream's chain is unbroken.",
        discussion: """
            Exits 0 when every chain holds, and 1 naming the first broken event otherwise; prints what was \
            checked (events, streams, first and last position). With --file, checks an export made by galley \
            export --format jsonl, with no database at all: every chain, and the file against the manifest it \
            ends with, so that a dropped tail, a dropped stream or lines out of order are found. An empty file, \
            or one without the export's header or closing manifest, is refused. With --proof, --key and --event, \
            checks offline, with no database, that an event is in the log's signed tree: its hash from its \
            content, the inclusion proof, and the log's signature on the checkpoint. With --file, --checkpoint and \
            --key, checks that the export (made from the log's start) is exactly the first leaves of that signed \
            tree; with --tiles, a mirror of the tree, a difference is named by its first event. With --checkpoint \
            and --key alone, checks the checkpoint's signatures. --witness and --quorum ask that witnesses you \
            trust cosigned the checkpoint.

            Examples:
              galley verify
              galley verify 8djpp5rg1e
              galley verify article-8djpp5rg1e
              galley verify --file log.jsonl
              galley verify --proof story.proof --key "$(cat log.vkey)" --event event.json
              galley verify --proof story.proof --key "$(cat log.vkey)" \\
                --event event.json --witness "$(cat witness.vkey)" --quorum 1
              galley verify --checkpoint checkpoint --key "$(cat log.vkey)" \\
                --witness "$(cat witness.vkey)"
              galley verify --file log.jsonl --checkpoint checkpoint \\
                --key "$(cat log.vkey)" --tiles mirror
            """)

    @Argument(help: "Check only this story (its id, a unique start of it, or its slug) or stream.")
    var stream: String?

    @Option(help: ArgumentHelp("Check this JSON-lines export instead of the database.", valueName: "EXPORT"))
    var file: String?

    @Option(
        help: ArgumentHelp(
            "Check this tlog-proof file (galley log proof) offline: that --event is in the log's signed tree.",
            valueName: "PROOF"))
    var proof: String?

    @Option(help: ArgumentHelp("The log's verifier key, for --proof.", valueName: "VKEY"))
    var key: String?

    @Option(
        help: ArgumentHelp("The event's export line (galley log proof --event-output), for --proof.", valueName: "FILE")
    )
    var event: String?

    @Option(
        help: ArgumentHelp(
            "Check this signed checkpoint with --key; with --file, that the export is exactly the first leaves of its tree.",
            valueName: "FILE"))
    var checkpoint: String?

    @Option(
        help: ArgumentHelp(
            "With --checkpoint: a mirror of that tree's tiles (galley log mirror), to name the first event that differs.",
            valueName: "DIR"))
    var tiles: String?

    @Option(
        help: ArgumentHelp(
            "A witness's verifier key, for --proof and --checkpoint; repeat for each witness you trust.",
            valueName: "VKEY"))
    var witness: [String] = []

    @Option(
        help: ArgumentHelp(
            "How many of the --witness keys must have cosigned the checkpoint (default: all given).", valueName: "N"))
    var quorum: Int?

    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    /// Prints what was checked: a line for people, or one object with `--json`.
    func report(_ report: VerificationReport, of checked: String, anchored: Int = 0) {
        guard output.json else { return }
        var object: [String: JSONValue] = [
            "checked": .string(checked), "events": .int(Int64(report.eventsChecked)),
            "streams": .int(Int64(report.streamsChecked)), "first_position": .int(report.firstPosition),
            "last_position": .int(report.lastPosition), "intact": .bool(report.firstBroken == nil),
        ]
        if anchored > 0 { object["anchored_streams"] = .int(Int64(anchored)) }
        if let broken = report.firstBroken {
            object["first_broken"] = .object([
                "position": .int(broken.position), "stream": .string(broken.streamID), "version": .int(broken.version),
                "reason": .string(broken.reason),
            ])
        }
        print(JSONValue.object(object).canonicalText)
    }

    func validate() throws {
        if file != nil, stream != nil { throw ValidationError("give a stream or --file, not both") }
        if proof != nil, file != nil || stream != nil {
            throw ValidationError("give --proof alone, or a stream or --file")
        }
        if (proof == nil) != (event == nil) { throw ValidationError("--proof and --event go together") }
        if checkpoint != nil, stream != nil { throw ValidationError("give a stream or --checkpoint, not both") }
        if (proof != nil || checkpoint != nil) != (key != nil) {
            throw ValidationError("--key is the log's key, for --proof or --checkpoint")
        }
        if tiles != nil, checkpoint == nil { throw ValidationError("--tiles goes with --checkpoint") }
        if (!witness.isEmpty || quorum != nil), proof == nil, checkpoint == nil {
            throw ValidationError("--witness and --quorum go with --proof or --checkpoint")
        }
        if let quorum, !(0...witness.count).contains(quorum) {
            throw ValidationError("--quorum is a number from 0 to the number of --witness keys (\(witness.count))")
        }
    }

    /// The stream named, or the stream of the story with that id; an unknown one is not found.
    /// The stream named (any, such as `user-ana`), else the stream of the story a person means by it
    /// (`Newsroom.resolve`: its id, slug or a unique start of its id); anything else is not found.
    static func resolve(_ name: String, in store: EventStore) async throws -> String {
        if try await store.version(of: name) > 0 { return name }
        let unknown = GalleyError.notFound("there is no story or stream \(name) in the log")
        guard (try? ArticleID.validate(name)) != nil else { throw unknown }
        do {
            return ArticleHandler.stream(of: try await Newsroom(pool: store.pool).resolve(name))
        } catch GalleyError.notFound {
            throw unknown  // an ambiguous start of an id still says so
        }
    }

    func run() async throws {
        try await CommandFailure.report {
            if let proof, let key, let event {
                try verifyProof(proof, keys: try treeKeys(log: key), event: event)
                return
            }
            if let checkpoint, let key {
                if let file {
                    try await verifyExport(file, checkpoint: checkpoint, keys: try treeKeys(log: key), tiles: tiles)
                } else {
                    try verifyCheckpoint(checkpoint, keys: try treeKeys(log: key))
                }
                return
            }
            if let file {
                guard FileManager.default.isReadableFile(atPath: file) else {
                    throw GalleyError.notFound("cannot read the export \(file)")
                }
                let (report, anchored): (VerificationReport, Int)
                do {
                    let checked = try ExportVerifier.verify(file: URL(fileURLWithPath: file))
                    (report, anchored) = (checked.report, checked.verifier.anchoredStreams)
                } catch let error as EventStoreError {
                    FileHandle.standardError.write(Data("galley: \(file) does not verify: \(error.description)\n".utf8))
                    throw ExitCode(1)
                }
                self.report(report, of: file, anchored: anchored)
                if let broken = report.firstBroken {
                    FileHandle.standardError.write(Data("galley: the export is broken at \(broken)\n".utf8))
                    throw ExitCode(1)
                }
                if output.json { return }
                let note =
                    anchored > 0
                    ? " (\(anchored) stream\(anchored == 1 ? "" : "s") checked from the previous hash the export states)"
                    : ""
                print("verified \(report.summary): every chain holds and the file holds what it states\(note)")
                return
            }
            let pool = ConnectionPool(configuration: try database.configuration(), maxConnections: 1)
            let report: VerificationReport
            let checked: String
            do {
                let store = EventStore(pool: pool)
                var resolved: String?
                if let stream { resolved = try await Self.resolve(stream, in: store) }
                checked = resolved ?? "the log"
                report = try await store.verify(stream: resolved)
                await pool.close()
            } catch {
                await pool.close()
                throw error
            }
            self.report(report, of: checked)
            if let broken = report.firstBroken {
                FileHandle.standardError.write(Data("galley: \(checked) is broken at \(broken)\n".utf8))
                throw ExitCode(1)
            }
            if output.json { return }
            print(
                report.eventsChecked == 0
                    ? "the log is empty: there is nothing to verify"
                    : "verified \(report.summary) of \(checked): every chain holds")
        }
    }
}
