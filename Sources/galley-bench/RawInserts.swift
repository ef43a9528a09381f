import Coding
import EventStore
import Foundation
import Postgres

/// Plain INSERTs into a table with the events table's columns and indexes, one transaction each: the baseline
/// Galley's appends are held against, and the statement the Postgres layer is held against pgbench with.
struct RawInserts {
    let configuration: ConnectionConfiguration

    static let table = """
        CREATE TABLE raw_events (
            position bigserial PRIMARY KEY, stream_id text NOT NULL, version bigint NOT NULL, type text NOT NULL,
            data jsonb NOT NULL, metadata jsonb NOT NULL, command_id uuid, recorded_at timestamptz NOT NULL,
            hash bytea NOT NULL, UNIQUE (stream_id, version));
        CREATE INDEX raw_events_command_idx ON raw_events (stream_id, command_id) WHERE command_id IS NOT NULL;
        """

    /// The values every row carries, which `Pgbench` sends too. One command id for all rows: Foundation's
    /// `UUID()` opens /dev/urandom each time, which once took a sixth of this loop's time, while pgbench's values
    /// cost its client nothing.
    static let data = StoreBenchmark.payload.canonicalText
    static let metadata = EventMetadata(actor: "bench").json(schemaVersion: 1).canonicalText
    static let command = UUID(uuidString: "9b2f4e61-8d0a-4c57-a3e2-5f1c7d9e0b84")!
    static let hash = Data(repeating: 0xAB, count: 32)

    /// Creates the table in the benchmark's database.
    func createTable() async throws {
        try await Connection.with(configuration) { connection in
            try await connection.withSession { try $0.runScript(Self.table) }
        }
    }

    /// Rows per second with `writers` connections, each sending `rows` rows per INSERT for `duration`.
    func rate(writers: Int, rows: Int, duration: Duration) async throws -> Double {
        let connections = try await (0..<writers).asyncMap { _ in try await Connection.connect(configuration) }
        let (data, metadata) = (PostgresJSON(Self.data), PostgresJSON(Self.metadata))
        let values = (0..<rows).map { row in
            "($\(row * 8 + 1), $\(row * 8 + 2), $\(row * 8 + 3), $\(row * 8 + 4), $\(row * 8 + 5), $\(row * 8 + 6), $\(row * 8 + 7), $\(row * 8 + 8))"
        }.joined(separator: ", ")
        let sql =
            "INSERT INTO raw_events (stream_id, version, type, data, metadata, command_id, recorded_at, hash) VALUES \(values)"
        let run = UUID().uuidString.prefix(8)
        let rate = try await Measure.throughput(workers: writers, duration: duration) { worker, deadline in
            let stream = "raw-\(run)-\(worker)"  // one per writer, as pgbench's clients have one each
            // Each writer's loop runs on its connection's thread, as a pgbench client runs on its own.
            return try await connections[worker].run {
                var iteration = 0
                while ContinuousClock.now < deadline {
                    var parameters: [(any PostgresEncodable)?] = []
                    parameters.reserveCapacity(rows * 8)
                    for row in 0..<rows {
                        parameters += [
                            stream, Int64(iteration * rows + row + 1), "ArticleEdited", data, metadata, Self.command,
                            Date(), Self.hash,
                        ]
                    }
                    // Prepared, as pgbench -M prepared sends it.
                    try await connections[worker].execute(sql, parameters, prepared: true)
                    iteration += 1
                }
                return iteration * rows
            }
        }
        for connection in connections { await connection.close() }
        return rate
    }
}
