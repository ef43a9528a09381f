public import Crypto
import Foundation

/// A public key that checks note signatures, with the name and key id that signature lines carry.
public struct NoteVerifier: Sendable, Hashable {
    /// The key's name, as it appears in signature lines.
    public let name: String
    /// The first four bytes of SHA-256(name || 0x0A || type || public key), read big-endian.
    public let keyID: UInt32
    /// What the key signs: a note's text, or a witness's timestamped cosignature message.
    public let type: SignatureType
    /// The 32-byte Ed25519 public key, as RFC 8032 encodes it.
    public let publicKey: [UInt8]

    /// Makes the verifier for `publicKey` under `name`, computing its key id.
    public init(name: String, publicKey: Curve25519.Signing.PublicKey, type: SignatureType) throws(NoteError) {
        guard Self.isValidName(name) else { throw .invalidKeyName(name) }
        self.name = name
        self.publicKey = Array(publicKey.rawRepresentation)
        self.type = type
        self.keyID = Self.keyID(name: name, type: type, publicKey: self.publicKey)
    }

    /// Parses the verifier key text form `<name>+<hex key id>+<base64(type || public key)>`.
    public init(verifierKey text: String) throws(NoteError) {
        // Base64 may itself hold plus signs, so only the first two separate fields.
        let parts = text.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { throw .malformedVerifierKey("expected name+id+key") }
        guard Self.isValidName(parts[0]) else { throw .invalidKeyName(parts[0]) }
        let (type, key) = try Self.decodeKey(parts[2], malformed: NoteError.malformedVerifierKey)
        guard let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: key) else {
            throw .malformedVerifierKey("not a 32-byte Ed25519 public key")
        }
        try self.init(name: parts[0], publicKey: publicKey, type: type)
        guard parts[1] == Self.hexKeyID(keyID) else { throw .malformedVerifierKey("key id does not match the key") }
    }

    /// The verifier key text form, `<name>+<hex key id>+<base64(type || public key)>`.
    public var verifierKey: String {
        "\(name)+\(Self.hexKeyID(keyID))+"
            + Data([type.rawValue] + publicKey).base64EncodedString()
    }

    /// Whether `signature` (the bytes after the key id) signs `text` under this key's signature type.
    public func verifies(signature: [UInt8], text: [UInt8]) -> Bool {
        guard let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        switch type {
        case .ed25519:
            return publicKey.isValidSignature(signature, for: text)
        case .cosignatureV1:
            guard let parsed = Cosignature.split(signature) else { return false }
            return publicKey.isValidSignature(parsed.signature, for: Cosignature.message(text: text, time: parsed.time))
        }
    }

    /// Names may be any non-empty text without Unicode spaces or plus signs, as signed-note requires.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0.properties.isWhitespace || $0 == "+" }
    }

    /// The key id of a key: the first four bytes of SHA-256(name || newline || type || key), big-endian.
    static func keyID(name: String, type: SignatureType, publicKey: some DataProtocol) -> UInt32 {
        let digest = Array(SHA256.hash(data: Array(name.utf8) + [0x0A, type.rawValue] + Array(publicKey)))
        return digest[0..<4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The key id as eight lowercase hexadecimal digits.
    static func hexKeyID(_ keyID: UInt32) -> String {
        let digits = String(keyID, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// Decodes `base64(type || key)`, refusing types other than the two this log uses.
    static func decodeKey(
        _ text: String, malformed: (String) -> NoteError
    ) throws(NoteError) -> (SignatureType, [UInt8]) {
        guard let data = Data(base64Encoded: text), data.count == 33 else {
            throw malformed("key is not base64 of a type byte and 32 key bytes")
        }
        guard let type = SignatureType(rawValue: data[data.startIndex]) else {
            throw .unsupportedSignatureType(data[data.startIndex])
        }
        return (type, Array(data.dropFirst()))
    }
}
