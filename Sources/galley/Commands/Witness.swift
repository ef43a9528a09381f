import ArgumentParser
import Foundation
import Galley
import GalleyServer
import Logging
import Transparency

/// `galley witness`: a tlog-witness that another organisation runs for a newsroom's log.
struct Witness: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A witness for newsroom logs: cosigns their checkpoints only when each extends the last it saw.",
        subcommands: [Keygen.self, Serve.self])

    struct Keygen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a witness's cosigning key: the private key to a new file, the verifier key to stdout.",
            discussion: """
                The file is readable by its owner alone (mode 0600) and is never overwritten. Give the verifier key \
                to the newsrooms whose logs you witness (galley serve --witness) and to their auditors \
                (galley verify --witness).

                Example:
                  galley witness keygen --name witness.example.org/w1 \\
                    --output /etc/galley/witness.key
                """)

        @Option(help: ArgumentHelp("The witness's name, as its cosignatures carry it.", valueName: "NAME"))
        var name: String

        @Option(help: ArgumentHelp("Where to write the private key; it must not exist.", valueName: "FILE"))
        var output: String

        func run() async throws {
            try await CommandFailure.report {
                print(try NoteKeyFile.create(name: name, type: .cosignatureV1, path: output).verifier.verifierKey)
            }
        }
    }

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve tlog-witness's add-checkpoint for the logs given, recording in a database of its own.",
            discussion: """
                POST /add-checkpoint checks the log's signature, that the old size is the size last cosigned for \
                that log, and the consistency proof, then cosigns and records the new size in one transaction. It \
                answers 404 for a log it does not follow, 403 for a bad signature, 400 for a malformed request, 409 \
                with the size it holds, and 422 for a proof that fails: it never cosigns a fork. Its database is \
                its own (the newsroom's would let the newsroom rewrite the witness's memory). SIGTERM stops it.

                Example:
                  galley witness serve --key /etc/galley/witness.key \\
                    --log "$(cat news-log.vkey)" --database-url postgresql:///witness \\
                    --port 8090
                """)

        @Option(help: ArgumentHelp("The witness's private key (galley witness keygen).", valueName: "FILE"))
        var key: String

        @Option(
            help: ArgumentHelp(
                "The verifier key of a log to witness (galley log keygen prints it); repeat for each log.",
                valueName: "VKEY"))
        var log: [String] = []

        @Option(help: "The address to listen on.")
        var host = "127.0.0.1"

        @Option(help: "The port to listen on; 0 picks a free one (printed on start).")
        var port = 8090

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.report {
                let signer = try NoteKeyFile.read(path: key, type: .cosignatureV1)
                guard !log.isEmpty else { throw GalleyError.invalidInput("give at least one --log to witness") }
                let logs = try log.map { try VerifierKey.parse($0, option: "--log", type: .ed25519) }
                var logger = Logger(label: "galley.witness")
                logger.logLevel = .info
                let server = WitnessServer(
                    database: try database.configuration(), ledger: WitnessLedger(signer: signer, logs: logs),
                    host: host, port: port, logger: logger)
                try await server.run { port in
                    FileHandle.standardOutput.write(Data("galley witness serving on http://\(host):\(port)\n".utf8))
                }
            }
        }
    }
}
