import Foundation
public import Transparency

/// A verifier key given on the command line (`--key`, `--witness`, `--log`): the one line `galley log keygen` or
/// `galley witness keygen` printed, spaces and newlines around it ignored.
public enum VerifierKey {
    /// Parses `text` as `option`'s key, of the kind `type` (a log's signing key or a witness's cosigning key).
    public static func parse(_ text: String, option: String, type: SignatureType) throws -> NoteVerifier {
        let verifier: NoteVerifier
        do {
            verifier = try NoteVerifier(verifierKey: text.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            throw GalleyError.invalidInput("\(option): \(error)")
        }
        guard verifier.type == type else {
            let kinds = type == .ed25519 ? ("a witness's", "a log's") : ("a log's", "a witness's")
            throw GalleyError.invalidInput("\(option): \(verifier.name)'s key is \(kinds.0) key, not \(kinds.1)")
        }
        return verifier
    }
}
