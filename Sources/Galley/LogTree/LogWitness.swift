public import Foundation
public import Transparency

/// A witness the log asks to cosign its checkpoints: the key its cosignatures verify by and the prefix its
/// `add-checkpoint` lives under.
public struct LogWitness: Sendable, Hashable {
    /// The witness's cosignature verifier key.
    public let verifier: NoteVerifier
    /// The submission prefix: requests go to `<prefix>/add-checkpoint`.
    public let url: URL

    /// A witness from its key and prefix.
    public init(verifier: NoteVerifier, url: URL) {
        self.verifier = verifier
        self.url = url
    }

    /// Parses `VKEY URL` (the verifier key, a space, an http or https prefix), as `--witness` takes it.
    public init(argument: String) throws(GalleyError) {
        let parts = argument.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2 else {
            throw .invalidInput("a witness is its verifier key and its URL, separated by a space: \"VKEY URL\"")
        }
        let verifier: NoteVerifier
        do {
            verifier = try VerifierKey.parse(String(parts[0]), option: "--witness", type: .cosignatureV1)
        } catch let error as GalleyError {
            throw error
        } catch {
            throw .invalidInput("--witness: \(error)")
        }
        guard let url = URL(string: String(parts[1])), ["http", "https"].contains(url.scheme), url.host != nil else {
            throw .invalidInput("the witness's URL \(parts[1]) is not an http or https URL")
        }
        self.init(verifier: verifier, url: url)
    }

    /// Where `add-checkpoint` requests go.
    var addCheckpointURL: String { url.joining("add-checkpoint") }
}
