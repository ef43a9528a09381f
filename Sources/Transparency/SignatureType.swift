/// The signed-note signature types this log uses, by their assigned identifier byte.
public enum SignatureType: UInt8, Sendable, Hashable {
    /// Ed25519 over the note text: the log's own checkpoint signature.
    case ed25519 = 0x01
    /// Ed25519 over `cosignature/v1`, a timestamp and the note text: a witness's cosignature (tlog-cosignature).
    case cosignatureV1 = 0x04
}
