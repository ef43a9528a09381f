import ArgumentParser
import EventStore
import Foundation
import Galley
import Logging
import Postgres
import Transparency

/// `galley log`: the log's Merkle tree, its key and its signed checkpoints.
struct Log: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The log's Merkle tree: its signing key and its signed checkpoints.",
        subcommands: [Keygen.self, Checkpoint.self, Proof.self, Consistency.self, Mirror.self])

    struct Keygen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the log's signing key: the private key to a new file, the verifier key to standard output.",
            discussion: """
                The file is readable by its owner alone (mode 0600) and is never overwritten. The verifier key, \
                `<origin>+<key id>+<key>`, is what auditors check the log's checkpoints with; publish it.

                Example:
                  galley log keygen --origin news.example.org/log --output /etc/galley/log.key
                """)

        @Option(help: ArgumentHelp("The log's name, the first line of every checkpoint.", valueName: "ORIGIN"))
        var origin: String

        @Option(help: ArgumentHelp("Where to write the private key; it must not exist.", valueName: "FILE"))
        var output: String

        func run() async throws {
            try await CommandFailure.report {
                print(try NoteKeyFile.create(name: origin, type: .ed25519, path: output).verifier.verifierKey)
            }
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bring the log's tree up to the log's head and sign a checkpoint of it now.",
            discussion: """
                Prints the latest checkpoint, a signed note: the new one, or the latest one signed before when the \
                log has not grown since. Nothing is signed unless the tree extends the previous checkpoint. With \
                --witness, each witness is asked to cosign it, and the checkpoint is printed with the cosignatures \
                it has; a witness that refuses is named on standard error, and the exit code is 75.

                Examples:
                  galley log checkpoint --log-key /etc/galley/log.key
                  galley log checkpoint --log-key /etc/galley/log.key \\
                    --witness "$(cat witness.vkey) https://witness.example.org"
                """)

        @Option(help: ArgumentHelp("The log's private key (galley log keygen).", valueName: "FILE"))
        var logKey: String

        @OptionGroup var witnessOptions: WitnessOptions

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.report {
                let signer = try NoteKeyFile.read(path: logKey, type: .ed25519)
                // The command names each refusal itself, on standard error, once.
                var quiet = Logger(label: "galley.log")
                quiet.logLevel = .critical
                let witnessing = CheckpointWitnessing(witnesses: try witnessOptions.witnesses(), logger: quiet)
                try await LogTreeBuilder(configuration: try database.configuration()).catchUp()
                let (note, refusals) = try await database.withPool { pool in
                    _ = try await pool.withConnection { try await LogCheckpointer(signer: signer).sign(on: $0) }
                    let refusals = await witnessing.cosignLatest(pool: pool)
                    let note = try await pool.withConnection { try await LogCheckpointer.latest(on: $0)?.note }
                    return (note ?? "", refusals)
                }
                print(note, terminator: "")
                if let first = refusals.first {
                    throw GalleyError.conflict(
                        refusals.count == 1 ? "\(first)" : refusals.map(\.description).joined(separator: "; "))
                }
            }
        }
    }

    struct Proof: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the proof that an event is in the log, against the latest signed checkpoint.",
            discussion: """
                A c2sp.org/tlog-proof@v1 file: the event's leaf index, its inclusion proof and the signed \
                checkpoint. The event is a story's (its latest, or the version after @) or the one at --position.

                Examples:
                  galley log proof 8djpp5rg1e@3 --output story.proof --event-output event.json
                  galley log proof --position 1042
                """)

        @Argument(help: "The story (its id, a unique start of it, or its slug) or stream, with @VERSION or not.")
        var story: String?

        @Option(help: ArgumentHelp("The event at this position of the log instead.", valueName: "P"))
        var position: Int64?

        @Option(help: ArgumentHelp("Write the proof here instead of to standard output.", valueName: "FILE"))
        var output: String?

        @Option(
            help: ArgumentHelp(
                "Also write the event itself here, its export line with the previous hash, for galley verify --event.",
                valueName: "FILE"))
        var eventOutput: String?

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard (story == nil) != (position == nil) else { throw ValidationError("give a story or --position") }
        }

        func run() async throws {
            try await CommandFailure.report {
                let proof = try await database.withPool { pool in
                    var position = self.position
                    if let story {
                        let parts = story.split(separator: "@", maxSplits: 1).map(String.init)
                        var version: Int64?
                        if parts.count == 2 {
                            guard let number = Int64(parts[1]), number >= 1 else {
                                throw GalleyError.invalidInput("the version after @ is a number from 1")
                            }
                            version = number
                        }
                        let stream = try await Verify.resolve(parts.first ?? "", in: EventStore(pool: pool))
                        position = try await pool.withConnection {
                            try await LogProofs.position(stream: stream, version: version, on: $0)
                        }
                    }
                    let proof = try await pool.withConnection {
                        try await LogProofs.proof(position: position ?? 0, on: $0)
                    }
                    if let eventOutput, let position {
                        let event = try await EventStore(pool: pool).readAll(after: position - 1, limit: 1)[0]
                        let previous = try await pool.withConnection {
                            try await EventStore.previousHash(of: event, on: $0)
                        }
                        try Data(EventFile.line(of: event, previousHash: previous).utf8).write(
                            to: URL(fileURLWithPath: eventOutput))
                    }
                    return proof
                }
                if let output {
                    try Data(proof.utf8).write(to: URL(fileURLWithPath: output))
                } else {
                    print(proof, terminator: "")
                }
            }
        }
    }
}
