/// Why a key, a note or its signatures were refused; each case names the part at fault.
public enum NoteError: Error, Equatable, CustomStringConvertible {
    /// A key name is empty or holds a space or a plus sign.
    case invalidKeyName(String)
    /// A verifier key is not `<name>+<hex id>+<base64 key>` with a matching id.
    case malformedVerifierKey(String)
    /// A private key is not `PRIVATE+KEY+<name>+<hex id>+<base64 key>` with a matching id.
    case malformedPrivateKey(String)
    /// The key's signature type is not one this log supports.
    case unsupportedSignatureType(UInt8)
    /// The note is not valid UTF-8.
    case notUTF8
    /// The note holds an ASCII control character other than newline.
    case controlCharacter(line: Int)
    /// The note text to sign is empty or does not end in a newline.
    case textNotNewlineTerminated
    /// No blank line separates the text from the signatures, or no signature follows it.
    case missingSignatures
    /// A signature line is not `— <name> <base64>` followed by a newline.
    case malformedSignatureLine(String)
    /// The note carries more signatures than a verifier reads.
    case tooManySignatures(Int)
    /// A signature by a known key does not verify.
    case invalidSignature(name: String, keyID: UInt32)
    /// No signature by a known key is on the note.
    case noKnownSignature

    /// A sentence naming what is wrong, fit for a command's error message.
    public var description: String {
        switch self {
        case .invalidKeyName(let name):
            "key name \"\(name)\" must be non-empty and hold no spaces and no plus signs"
        case .malformedVerifierKey(let reason): "malformed verifier key: \(reason)"
        case .malformedPrivateKey(let reason): "malformed private key: \(reason)"
        case .unsupportedSignatureType(let type): "unsupported signature type \(type)"
        case .notUTF8: "the note is not valid UTF-8"
        case .controlCharacter(let line): "line \(line) of the note holds a control character"
        case .textNotNewlineTerminated: "the note text is empty or does not end in a newline"
        case .missingSignatures: "the note has no signature lines after a blank line"
        case .malformedSignatureLine(let line): "malformed signature line \"\(line)\""
        case .tooManySignatures(let count):
            "the note has \(count) signatures, more than \(SignedNote.maximumSignatures)"
        case .invalidSignature(let name, let keyID):
            "the signature of \(name)+\(NoteVerifier.hexKeyID(keyID)) does not verify"
        case .noKnownSignature: "the note carries no signature by a known key"
        }
    }
}
