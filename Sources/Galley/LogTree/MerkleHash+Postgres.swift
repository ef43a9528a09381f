public import Postgres
public import Transparency

/// A tree's hash read straight from a `bytea` column: anything but 32 bytes is a damaged row, not a hash.
extension MerkleHash: PostgresDecodable {
    /// Reads a `bytea` of exactly 32 bytes.
    public init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure) {
        guard type == .bytea else { throw PostgresDecodingFailure("a \(type) value cannot be read as a tree hash") }
        guard let hash = MerkleHash(bytes: Array(bytes)) else {
            throw PostgresDecodingFailure("a tree hash of \(bytes.count) bytes, not 32")
        }
        self = hash
    }
}
