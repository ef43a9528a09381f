import Coding
import Crypto

/// The hash chain: each event's SHA-256 covers the previous event's hash in its stream and the event itself.
///
/// The bytes hashed are, in order (integers big-endian, text UTF-8, `len` a 4-byte length):
/// the previous hash (32 zero bytes for version 1), `len` + stream id, 8-byte version, `len` + type,
/// `len` + canonical data, `len` + canonical metadata, 8-byte recording time in microseconds since
/// 1970-01-01 UTC. "Canonical" is `JSONValue.canonicalBytes`.
public enum EventHash {
    /// The hash before the first event of a stream.
    public static let genesis = [UInt8](repeating: 0, count: 32)

    /// Computes an event's hash.
    public static func compute(
        previous: [UInt8], streamID: String, version: Int64, type: String, data: [UInt8], metadata: [UInt8],
        recordedAtMicroseconds: Int64
    ) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(lengthPrefixed: Array(streamID.utf8))
        hasher.update(bigEndian: version)
        hasher.update(lengthPrefixed: Array(type.utf8))
        hasher.update(lengthPrefixed: data)
        hasher.update(lengthPrefixed: metadata)
        hasher.update(bigEndian: recordedAtMicroseconds)
        return Array(hasher.finalize())
    }
}

extension SHA256 {
    fileprivate mutating func update(bigEndian value: Int64) {
        withUnsafeBytes(of: value.bigEndian) { update(bufferPointer: $0) }
    }

    fileprivate mutating func update(lengthPrefixed bytes: [UInt8]) {
        withUnsafeBytes(of: UInt32(bytes.count).bigEndian) { update(bufferPointer: $0) }
        update(data: bytes)
    }
}
