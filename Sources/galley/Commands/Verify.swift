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
            Exits 0 when every chain holds, and 1 naming the first broken event otherwise. With --file, checks \
            an export made by galley export --format jsonl, with no database at all.

            Examples:
              galley verify
              galley verify article-6f1c
              galley verify --file log.jsonl
            """)

    @Argument(help: "Check only this stream.")
    var stream: String?

    @Option(help: ArgumentHelp("Check this JSON-lines export instead of the database.", valueName: "EXPORT"))
    var file: String?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if file != nil, stream != nil { throw ValidationError("give a stream or --file, not both") }
    }

    func run() async throws {
        try await CommandFailure.report {
            if let file {
                guard FileManager.default.isReadableFile(atPath: file) else {
                    throw GalleyError.notFound("cannot read the export \(file)")
                }
                let (report, anchored) = try ExportVerifier.verify(file: URL(fileURLWithPath: file))
                if let broken = report.firstBroken {
                    FileHandle.standardError.write(Data("galley: the export is broken at \(broken)\n".utf8))
                    throw ExitCode(1)
                }
                let note = anchored > 0 ? " (\(anchored) streams checked from the previous hash the export states)" : ""
                print(
                    "verified \(report.eventsChecked) events in \(report.streamsChecked) streams: every chain holds\(note)"
                )
                return
            }
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
