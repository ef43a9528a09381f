import Foundation
public import Postgres
public import Transparency

/// Signs checkpoints of the log's tree as built, and keeps every one.
///
/// Before it signs, it proves from the stored tiles that the tree extends the one the latest checkpoint signed,
/// and refuses to sign otherwise: a checkpoint that forks from its predecessor is never made, whatever happened
/// to the log or its tiles in between.
public struct LogCheckpointer: Sendable {
    /// The log's key; its name is the checkpoints' origin.
    public let signer: NoteSigner

    /// The advisory lock namespace for signing ("LCKP"): one signer at a time across every server.
    static let lockNamespace: Int32 = 0x4C43_4B50

    /// Signs with `signer`.
    public init(signer: NoteSigner) { self.signer = signer }

    /// A checkpoint as stored.
    public struct Stored: Sendable, Equatable {
        /// The tree size it signs.
        public let size: UInt64
        /// The root it signs.
        public let root: MerkleHash
        /// The signed note, as served.
        public let note: String
    }

    /// Signs a checkpoint of the tree as it now stands and returns it; nil when the tree has not grown past the
    /// latest checkpoint (there is nothing new to sign). Throws ``GalleyError/conflict(_:)`` when the tree does not
    /// extend the latest checkpoint.
    public func sign(on connection: Connection) async throws -> Stored? {
        try await connection.transaction { connection in
            // One lock whatever the key: every checkpoint extends the one before it, of any origin, so two servers
            // signing under two keys during a rotation take turns too.
            try await connection.execute("SELECT pg_advisory_xact_lock($1, 0)", [Self.lockNamespace])
            let size = try await LogTreeStore.size(on: connection)
            let latest = try await Self.latest(on: connection)
            if let latest, latest.size >= size { return nil }
            let reader = TileHashReader(treeSize: size, source: StoredTiles(connection: connection))
            let root = try await MerkleTree.rootHash(size: size, reader: reader)
            if let latest {
                do {
                    try await ConsistencyProof.make(oldSize: latest.size, newSize: size, reader: reader)
                        .verify(oldRoot: latest.root, newRoot: root)
                } catch {
                    throw GalleyError.conflict(
                        "refused to sign: the log's tree of \(size) leaves does not extend the checkpoint of "
                            + "\(latest.size) leaves signed before (\(error)); the log or its tree was changed")
                }
            }
            let text = Checkpoint(origin: signer.verifier.name, size: size, root: root).text
            let note = try SignedNote.sign(text: text, signers: [signer]).serialized
            try await connection.execute(
                "INSERT INTO log_checkpoints (tree_size, root, note) VALUES ($1, $2, $3)",
                [Int64(size), Data(root.bytes), note])
            return Stored(size: size, root: root, note: note)
        }
    }

    /// The latest checkpoint signed, if any, with the cosignatures witnesses have given it so far.
    public static func latest(on connection: Connection) async throws -> Stored? {
        let rows = try await connection.query(
            """
            SELECT c.tree_size, c.root, c.note || coalesce(
                (SELECT string_agg(s.line, '' ORDER BY s.witness) FROM log_cosignatures s WHERE s.tree_size = c.tree_size),
                '') AS note
            FROM log_checkpoints c ORDER BY c.tree_size DESC LIMIT 1
            """)
        return try rows.first.map { row in
            Stored(
                size: UInt64(try row.decode("tree_size", as: Int64.self)),
                root: try row.decode("root", as: MerkleHash.self),
                note: try row.decode("note", as: String.self))
        }
    }

    /// Keeps a witness's cosignature line (newline included) of the checkpoint of `size` leaves.
    static func keep(cosignature line: String, witness: String, size: UInt64, on connection: Connection) async throws {
        try await connection.execute(
            """
            INSERT INTO log_cosignatures (tree_size, witness, line) VALUES ($1, $2, $3)
            ON CONFLICT (tree_size, witness) DO NOTHING
            """, [Int64(size), witness, line])
    }

    /// The size of the latest checkpoint `witness` cosigned, or 0 when it has cosigned none.
    static func lastCosigned(by witness: String, on connection: Connection) async throws -> UInt64 {
        let rows = try await connection.query(
            "SELECT coalesce(max(tree_size), 0) AS size FROM log_cosignatures WHERE witness = $1", [witness])
        return UInt64(try rows[0].decode("size", as: Int64.self))
    }
}
