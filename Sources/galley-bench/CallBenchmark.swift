import Foundation
import Postgres

/// The cost of one call: the Postgres layer's single-row INSERT beside pgbench sending the same row, alternating
/// in short slices so that the machine's fsync time, which drifts by half within a minute here, favours neither.
///
/// Durable commits are what the store pays; with `synchronous_commit = off` the disk leaves the figure and what
/// remains is the server's work and each client's own cost of a call.
struct CallBenchmark {
    let database: BenchmarkDatabase
    let seconds: Int
    var report = Report()

    static let slices = 6

    mutating func run() async throws {
        try await RawInserts(configuration: database.configuration).createTable()
        let asynchronous = try database.configuration.replacing("options", with: "-c synchronous_commit=off")
        for (commit, configuration) in [("durable", database.configuration), ("asynchronous", asynchronous)] {
            let inserts = RawInserts(configuration: configuration)
            let pgbench = Pgbench(configuration: configuration)
            let slice = max(1, seconds / Self.slices)
            for connections in [1, 16] {
                var layer = 0.0
                var baseline = 0.0
                for _ in 0..<Self.slices {
                    baseline += try await pgbench.rate(clients: connections, seconds: slice)
                    layer += try await inserts.rate(writers: connections, rows: 1, duration: .seconds(slice))
                }
                report.add(
                    "single-row INSERT, \(commit) commit, \(connections) connection(s): Postgres layer vs pgbench",
                    galley: layer / Double(Self.slices), baseline: baseline / Double(Self.slices), unit: "rows/s",
                    target: ">= 0.85x")
            }
        }
        report.printTable()
    }
}
