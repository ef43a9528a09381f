/// The tlog-cosignature v1 (Ed25519) message and signature layout, shared by cosigners and verifiers.
///
/// A cosignature signs `cosignature/v1\ntime <seconds>\n` followed by the whole checkpoint text, and its
/// signature bytes are the 8-byte big-endian timestamp followed by the 64-byte Ed25519 signature.
public enum Cosignature {
    /// The largest timestamp the specification allows, 2^63 - 1.
    public static let maximumTime = UInt64(Int64.max)

    /// The bytes a cosigner signs for the note `text` at `time` (POSIX seconds).
    public static func message(text: some Sequence<UInt8>, time: UInt64) -> [UInt8] {
        Array("cosignature/v1\ntime \(time)\n".utf8) + Array(text)
    }

    /// The timestamp a cosignature's bytes (after the key id) carry; nil if they are not 8 + 64 bytes or the time
    /// is beyond 2^63 - 1.
    public static func time(of signature: [UInt8]) -> UInt64? {
        split(signature)?.time
    }

    /// Lays out the signature bytes: the big-endian timestamp, then the Ed25519 signature.
    static func join(time: UInt64, signature: some Sequence<UInt8>) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: time >> UInt64(56 - 8 * $0)) } + Array(signature)
    }

    /// Splits the signature bytes into timestamp and Ed25519 signature.
    static func split(_ bytes: [UInt8]) -> (time: UInt64, signature: [UInt8])? {
        guard bytes.count == 8 + 64 else { return nil }
        let time = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard time <= maximumTime else { return nil }
        return (time, Array(bytes[8...]))
    }
}
