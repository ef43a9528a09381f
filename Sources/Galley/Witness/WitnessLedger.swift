import Foundation
public import Postgres
public import Transparency

/// A witness's memory, in a database of its own: the latest checkpoint it cosigned for each log it follows.
///
/// Checking a request against that record and recording the new checkpoint happen in one transaction, under a
/// lock per origin, so two requests at once can never roll the record back (tlog-witness's race).
public struct WitnessLedger: Sendable {
    /// The witness's cosigning key.
    public let signer: NoteSigner
    /// The keys of the logs it follows, by origin (a key's name is its log's origin).
    public let logs: [String: [NoteVerifier]]

    /// The advisory lock namespace of a witness's record of one log ("WTNS").
    static let lockNamespace: Int32 = 0x5754_4E53

    /// The witness's one table; a witness's database holds nothing else, so it is made when the witness starts.
    static let schema = """
        CREATE TABLE IF NOT EXISTS witness_checkpoints (
            origin      text        PRIMARY KEY,
            tree_size   bigint      NOT NULL CHECK (tree_size >= 0),
            root        bytea       NOT NULL CHECK (length(root) = 32),
            note        text        NOT NULL,
            cosigned_at timestamptz NOT NULL DEFAULT now()
        )
        """

    /// A witness cosigning with `signer` for the logs whose keys are `logs`.
    public init(signer: NoteSigner, logs: [NoteVerifier]) {
        self.signer = signer
        self.logs = Dictionary(grouping: logs, by: \.name)
    }

    /// Makes the witness's table if its database does not have it yet.
    public static func prepare(on connection: Connection) async throws {
        try await connection.execute(schema)
    }

    /// Checks a request as tlog-witness orders and, when it passes, records the checkpoint and returns the
    /// cosignature lines; a refusal throws ``WitnessRefusal`` and records nothing.
    public func add(_ request: AddCheckpoint, on connection: Connection) async throws -> String {
        let origin = request.origin
        return try await connection.transaction { connection in
            try await connection.execute(
                "SELECT pg_advisory_xact_lock($1, hashtext($2))", [Self.lockNamespace, origin])
            let latest = try await Self.latest(origin: origin, on: connection)
            let checkpoint = try request.check(logs: logs, latest: latest)
            // tlog-witness forbids a zero time, and the clock of a machine just started may say 1970.
            let time = UInt64(max(1, Date().timeIntervalSince1970))
            let cosignature = try signer.sign(text: request.checkpoint.text, time: time)
            try await connection.execute(
                """
                INSERT INTO witness_checkpoints (origin, tree_size, root, note) VALUES ($1, $2, $3, $4)
                ON CONFLICT (origin) DO UPDATE
                SET tree_size = excluded.tree_size, root = excluded.root, note = excluded.note, cosigned_at = now()
                """,
                [origin, Int64(checkpoint.size), Data(checkpoint.root.bytes), request.checkpoint.serialized])
            return cosignature.line
        }
    }

    /// The checkpoint last cosigned for `origin`, if any.
    public static func latest(origin: String, on connection: Connection) async throws -> Checkpoint? {
        let rows = try await connection.query(
            "SELECT tree_size, root FROM witness_checkpoints WHERE origin = $1", [origin])
        return try rows.first.map { row in
            Checkpoint(
                origin: origin, size: UInt64(try row.decode("tree_size", as: Int64.self)),
                root: try row.decode("root", as: MerkleHash.self))
        }
    }
}
