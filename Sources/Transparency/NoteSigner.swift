public import Crypto
import Foundation

/// A private Ed25519 key that signs notes (as a log) or cosigns checkpoints (as a witness) under a key name.
public struct NoteSigner: Sendable {
    /// The public half, with the name and key id the signatures carry.
    public let verifier: NoteVerifier
    /// The 32-byte seed: the key type itself is not `Sendable`, so it is rebuilt for each signature.
    private let seed: [UInt8]

    /// Wraps an existing key under `name`.
    public init(name: String, privateKey: Curve25519.Signing.PrivateKey, type: SignatureType) throws(NoteError) {
        self.verifier = try NoteVerifier(name: name, publicKey: privateKey.publicKey, type: type)
        self.seed = Array(privateKey.rawRepresentation)
    }

    /// A new random key under `name`.
    public static func generate(name: String, type: SignatureType = .ed25519) throws(NoteError) -> NoteSigner {
        try NoteSigner(name: name, privateKey: Curve25519.Signing.PrivateKey(), type: type)
    }

    /// Parses the private key text form `PRIVATE+KEY+<name>+<hex key id>+<base64(type || 32-byte seed)>`.
    public init(privateKeyText text: String) throws(NoteError) {
        let trimmed = text.hasSuffix("\n") ? String(text.dropLast()) : text
        // Base64 may itself hold plus signs, so only the first four separate fields.
        let parts = trimmed.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY" else {
            throw .malformedPrivateKey("expected PRIVATE+KEY+name+id+key")
        }
        guard NoteVerifier.isValidName(parts[2]) else { throw .invalidKeyName(parts[2]) }
        let (type, seed) = try NoteVerifier.decodeKey(parts[4], malformed: NoteError.malformedPrivateKey)
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw .malformedPrivateKey("not a 32-byte Ed25519 seed")
        }
        try self.init(name: parts[2], privateKey: key, type: type)
        guard parts[3] == NoteVerifier.hexKeyID(verifier.keyID) else {
            throw .malformedPrivateKey("key id does not match the key")
        }
    }

    /// The private key text form; whoever holds it can sign as this key, so it belongs in a file only its owner
    /// reads.
    public var privateKeyText: String {
        "PRIVATE+KEY+\(verifier.name)+\(NoteVerifier.hexKeyID(verifier.keyID))+"
            + Data([verifier.type.rawValue] + seed).base64EncodedString()
    }

    /// Signs the note `text` (its final newline included); `time` is the cosignature timestamp in POSIX seconds,
    /// required (from 1) for cosignature keys and ignored by log keys.
    public func sign(text: String, time: UInt64 = 0) throws -> NoteSignature {
        let bytes = Array(text.utf8)
        let privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        let signature: [UInt8]
        switch verifier.type {
        case .ed25519:
            signature = Array(try privateKey.signature(for: bytes))
        case .cosignatureV1:
            // tlog-witness forbids a zero timestamp, and the format stops at 2^63 - 1.
            precondition((1...Cosignature.maximumTime).contains(time), "a cosignature needs a time from 1 to 2^63 - 1")
            let inner = try privateKey.signature(for: Cosignature.message(text: bytes, time: time))
            signature = Cosignature.join(time: time, signature: inner)
        }
        return NoteSignature(name: verifier.name, keyID: verifier.keyID, signature: signature)
    }
}
