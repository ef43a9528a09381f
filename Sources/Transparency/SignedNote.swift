/// A C2SP signed note: a text ending in a newline, a blank line, and one or more signature lines.
public struct SignedNote: Sendable, Hashable {
    /// The most signatures a note may carry before it is refused outright (the specification asks for at least
    /// 16; witnesses add one each).
    public static let maximumSignatures = 100

    /// The signed text, its final newline included.
    public let text: String
    /// The signatures in the order the note lists them.
    public let signatures: [NoteSignature]

    /// Wraps a text and its signatures; the text must end in a newline and hold no control character but newline.
    public init(text: String, signatures: [NoteSignature]) throws(NoteError) {
        guard text.utf8.last == 0x0A else { throw .textNotNewlineTerminated }
        try Self.refuseControlCharacters(text.utf8)
        self.text = text
        self.signatures = signatures
    }

    /// Signs `text` with each signer in turn (`time` is the timestamp for cosignature keys).
    public static func sign(text: String, signers: [NoteSigner], time: UInt64 = 0) throws -> SignedNote {
        try SignedNote(text: text, signatures: signers.map { try $0.sign(text: text, time: time) })
    }

    /// Parses a signed note from its bytes, refusing anything the format does not allow.
    public init(bytes: some Sequence<UInt8>) throws(NoteError) {
        let bytes = Array(bytes)
        guard let whole = String(validating: bytes, as: UTF8.self) else { throw .notUTF8 }
        try Self.refuseControlCharacters(bytes)
        // The last blank line separates text from signatures, since the text itself may hold blank lines.
        guard
            let split = whole.utf8.indices.dropLast().last(where: { index in
                whole.utf8[index] == 0x0A && whole.utf8[whole.utf8.index(after: index)] == 0x0A
            })
        else { throw .missingSignatures }
        let text = String(whole[...split])
        let block = whole[whole.utf8.index(split, offsetBy: 2)...]
        guard !block.isEmpty, block.hasSuffix("\n") else { throw .missingSignatures }
        try self.init(text: text, signatures: NoteSignature.lines(String(block)))
    }

    /// Parses a signed note from text.
    public init(parsing text: String) throws(NoteError) {
        try self.init(bytes: Array(text.utf8))
    }

    /// The note as served: text, blank line, signature lines.
    public var serialized: String { text + "\n" + signatures.map(\.line).joined() }

    /// Returns the keys among `verifiers` whose signatures on the note verify, ignoring signatures by unknown
    /// keys; throws ``NoteError/invalidSignature(name:keyID:)`` if a known key's signature fails.
    public func verifiedKeys(among verifiers: [NoteVerifier]) throws(NoteError) -> [NoteVerifier] {
        var verified: [NoteVerifier] = []
        let bytes = Array(text.utf8)
        for signature in signatures {
            // Name and id together pick the key; a match on only one of them is someone else's key.
            guard let key = verifiers.first(where: { $0.name == signature.name && $0.keyID == signature.keyID })
            else { continue }
            guard key.verifies(signature: signature.signature, text: bytes) else {
                throw .invalidSignature(name: signature.name, keyID: signature.keyID)
            }
            if !verified.contains(key) { verified.append(key) }
        }
        return verified
    }

    /// Checks that at least one key among `verifiers` signed the note, and returns those that did.
    @discardableResult
    public func verify(by verifiers: [NoteVerifier]) throws(NoteError) -> [NoteVerifier] {
        let verified = try verifiedKeys(among: verifiers)
        guard !verified.isEmpty else { throw .noKnownSignature }
        return verified
    }

    /// Throws ``NoteError/controlCharacter(line:)`` for the first byte below 0x20 other than newline.
    private static func refuseControlCharacters(_ bytes: some Sequence<UInt8>) throws(NoteError) {
        var line = 1
        for byte in bytes {
            if byte == 0x0A { line += 1 } else if byte < 0x20 { throw .controlCharacter(line: line) }
        }
    }

    /// The same note with `signature` added at the end (a witness's cosignature, say).
    public func adding(_ signature: NoteSignature) -> SignedNote {
        try! SignedNote(text: text, signatures: signatures + [signature])
    }
}
