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
            verifier = try NoteVerifier(verifierKey: String(parts[0]))
        } catch {
            throw .invalidInput("the witness's key \(parts[0]): \(error)")
        }
        guard verifier.type == .cosignatureV1 else {
            throw .invalidInput("\(verifier.name)'s key is a log's signing key, not a witness's cosigning key")
        }
        guard let url = URL(string: String(parts[1])), ["http", "https"].contains(url.scheme), url.host != nil else {
            throw .invalidInput("the witness's URL \(parts[1]) is not an http or https URL")
        }
        self.init(verifier: verifier, url: url)
    }

    /// Where `add-checkpoint` requests go.
    var addCheckpointURL: String {
        var prefix = url.absoluteString
        while prefix.hasSuffix("/") { prefix.removeLast() }
        return prefix + "/add-checkpoint"
    }
}
