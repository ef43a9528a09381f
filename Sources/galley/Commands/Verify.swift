import ArgumentParser
import EventStore
import Foundation
import Galley
import Postgres

/// `galley verify`: recomputes the hash chains.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recompute every event's hash and check that each stream's chain is unbroken.",
        discussion: """
            Exits 0 when every chain holds, and 1 naming the first broken event otherwise.

            Examples:
              galley verify
              galley verify article-6f1c
            """)

    @Argument(help: "Check only this stream.")
    var stream: String?

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await CommandFailure.report {
            let pool = ConnectionPool(configuration: try database.configuration(), maxConnections: 1)
            let report: VerificationReport
            do {
                report = try await EventStore(pool: pool).verify(stream: stream)
                await pool.close()
            } catch {
                await pool.close()
                throw error
            }
            if let broken = report.firstBroken {
                FileHandle.standardError.write(Data("galley: the log is broken at \(broken)\n".utf8))
                throw ExitCode(1)
            }
            print("verified \(report.eventsChecked) events in \(report.streamsChecked) streams: every chain holds")
        }
    }
}
