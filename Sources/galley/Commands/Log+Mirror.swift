import ArgumentParser
import Foundation
import Galley
import Transparency

extension Log {
    /// `galley log mirror`: an auditor's copy of a log's signed tree.
    struct Mirror: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Copy a log's signed checkpoint and the tiles of its tree into a folder, checked by the log's key.",
            discussion: """
                What an auditor keeps of a tree it has checked: galley verify --file EXPORT --checkpoint \
                DIR/checkpoint --key VKEY --tiles DIR later holds an export against it and names the first event \
                that differs. Tiles already in the folder are not fetched again (they never change); nothing is \
                written unless the tiles hash to the checkpoint's root. Prints the checkpoint's origin and size.

                Example:
                  galley log mirror https://news.example.org/log \\
                    --key "$(cat log.vkey)" --output mirror
                """)

        @Argument(help: ArgumentHelp("The log's address: where /checkpoint and /tile/ are served.", valueName: "URL"))
        var url: String

        @Option(help: ArgumentHelp("The log's verifier key.", valueName: "VKEY"))
        var key: String

        @Option(help: ArgumentHelp("The folder to write (made if missing).", valueName: "DIR"))
        var output: String

        func run() async throws {
            try await CommandFailure.report {
                guard let source = URL(string: url), ["http", "https"].contains(source.scheme) else {
                    throw GalleyError.invalidInput("\(url) is not an http or https URL")
                }
                let (checkpoint, fetched) = try await LogMirror(
                    source: source, key: try VerifierKey.parse(key, option: "--key", type: .ed25519),
                    folder: URL(fileURLWithPath: output)
                ).run()
                print("mirrored \(checkpoint.origin) at \(checkpoint.size) leaves (\(fetched) tiles fetched)")
            }
        }
    }
}
