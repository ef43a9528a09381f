import Foundation

/// One signature line of a signed note: the key's name, its key id, and the signature bytes.
public struct NoteSignature: Sendable, Hashable {
    /// The signing key's name.
    public let name: String
    /// The signing key's id, which with the name picks the verifier.
    public let keyID: UInt32
    /// The signature bytes that follow the key id (for a cosignature: timestamp, then Ed25519 signature).
    public let signature: [UInt8]

    /// Wraps the parts of a signature line.
    public init(name: String, keyID: UInt32, signature: [UInt8]) {
        self.name = name
        self.keyID = keyID
        self.signature = signature
    }

    /// The line as a note carries it: em dash (U+2014), space, name, space, base64(key id || signature), newline.
    public var line: String {
        let id = (0..<4).map { UInt8(truncatingIfNeeded: keyID >> UInt32(24 - 8 * $0)) }
        return "\u{2014} \(name) " + Data(id + signature).base64EncodedString() + "\n"
    }

    /// Parses signature lines that each end in a newline, as a witness answers `add-checkpoint`.
    public static func lines(_ text: String) throws(NoteError) -> [NoteSignature] {
        guard text.hasSuffix("\n") else { throw .missingSignatures }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count <= SignedNote.maximumSignatures else { throw .tooManySignatures(lines.count) }
        var signatures: [NoteSignature] = []
        for line in lines { signatures.append(try NoteSignature(line: line)) }
        return signatures
    }

    /// Parses one line without its newline.
    init(line: Substring) throws(NoteError) {
        guard line.hasPrefix("\u{2014} ") else { throw .malformedSignatureLine(String(line)) }
        let rest = line.dropFirst(2)
        // Names hold no spaces, so the first space ends the name; anything else after it fails as base64.
        guard let space = rest.firstIndex(of: " ") else { throw .malformedSignatureLine(String(line)) }
        let name = String(rest[..<space])
        guard NoteVerifier.isValidName(name), let data = Data(base64Encoded: String(rest[rest.index(after: space)...])),
            data.count > 4
        else { throw .malformedSignatureLine(String(line)) }
        let bytes = Array(data)
        self.init(name: name, keyID: bytes[0..<4].reduce(0) { $0 << 8 | UInt32($1) }, signature: Array(bytes[4...]))
    }
}
