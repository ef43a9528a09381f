import ArgumentParser
import Galley

/// `--witness "VKEY URL"`, repeated: the witnesses the log asks to cosign each checkpoint.
struct WitnessOptions: ParsableArguments {
    @Option(
        name: .customLong("witness"),
        help: ArgumentHelp(
            "A witness to ask for a cosignature of each checkpoint: its verifier key and URL, in one argument "
                + "separated by a space (galley witness keygen prints the key); repeat for each witness.",
            valueName: "\"VKEY URL\""))
    var arguments: [String] = []

    /// The witnesses named; an argument that is not a key and a URL is invalid input.
    func witnesses() throws -> [LogWitness] {
        try arguments.map { try LogWitness(argument: $0) }
    }
}
