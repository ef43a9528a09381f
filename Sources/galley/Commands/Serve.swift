import ArgumentParser
import Foundation
import Galley
import GalleyServer
import Logging

/// `galley serve`: the HTTP service.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the JSON API for editors, and run the projections.",
        discussion: """
            Every route but /healthz and /readyz needs a bearer token (galley tokens issue USER). SIGTERM or \
            SIGINT stop it gracefully. Several processes on one database work as one.

            Example:
              galley serve --host 127.0.0.1 --port 8080
            """)

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on; 0 picks a free one (printed on start).")
    var port = 8080

    @Option(help: ArgumentHelp("The largest request body accepted.", valueName: "BYTES"))
    var maxBodySize = 1 << 20

    @Option(help: ArgumentHelp("How far behind projections may be before /readyz answers 503.", valueName: "EVENTS"))
    var maxLag: Int64 = 1_000

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port is 0 to 65535") }
        guard maxBodySize >= 1_024 else { throw ValidationError("--max-body-size is at least 1024") }
    }

    func run() async throws {
        try await CommandFailure.report {
            var logger = Logger(label: "galley")
            logger.logLevel = .info
            let server = GalleyServer(
                database: try database.configuration(), host: host, port: port, maxBodySize: maxBodySize,
                maxProjectionLag: maxLag, logger: logger)
            try await server.run { port in
                // Written straight to the descriptor, so whoever started the server sees it at once.
                FileHandle.standardOutput.write(Data("galley serving on http://\(host):\(port)\n".utf8))
            }
        }
    }
}
