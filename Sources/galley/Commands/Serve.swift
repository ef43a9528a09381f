import ArgumentParser
import Editorial
import EventStore
import Foundation
import Galley
import GalleyServer
import Logging
import Postgres
import Transparency

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

    @Option(help: ArgumentHelp("How many live event feeds may be open at once; past it, 503.", valueName: "N"))
    var maxStreams = 1_000

    @Option(
        help: ArgumentHelp(
            "How many live event feeds (/v1/events, /live) one person may have open at once; past it, 429.",
            valueName: "N"))
    var maxStreamsPerUser = 8

    @Option(
        help: ArgumentHelp(
            "How many commands one person may give at once, before --commands-per-second applies; past it, 429.",
            valueName: "N"))
    var commandBurst = 30

    @Option(
        help: ArgumentHelp("How many commands a second one person may keep giving.", valueName: "N"))
    var commandsPerSecond = 5.0

    @Option(
        help: ArgumentHelp(
            "How many batches of events a live feed may have waiting for a slow client before it is let go.",
            valueName: "BATCHES"))
    var streamQueue = 1_000

    @Option(
        help: ArgumentHelp("How many connections may be open at once; past it, new ones are closed.", valueName: "N"))
    var maxConnections = 2_000

    @Option(
        help: ArgumentHelp(
            "How many connections one client address may have open at once (a trusted proxy is held only to "
                + "--max-connections).", valueName: "N"))
    var maxConnectionsPerAddress = 100

    @Option(
        name: .customLong("trusted-proxy"),
        help: ArgumentHelp(
            "A proxy whose X-Forwarded-For names the client (repeatable); without one, a connection's peer is the "
                + "client.", valueName: "ADDRESS"))
    var trustedProxies: [String] = []

    @Option(
        help: ArgumentHelp(
            "A file whose contents (at least 32 bytes) sign the sign-in form's token; give every instance behind "
                + "one load balancer the same file (default: a random key at each start).", valueName: "PATH"))
    var signInKeyFile: String?

    @Option(
        help: ArgumentHelp(
            "Seconds a request's head may take to arrive (also the keep-alive wait).", valueName: "SECONDS"))
    var headerTimeout = 10

    @Option(help: ArgumentHelp("Seconds a request's body may take to arrive once its head has.", valueName: "SECONDS"))
    var bodyTimeout = 30

    @Option(help: ArgumentHelp("Seconds a connection may stay with nothing read or written.", valueName: "SECONDS"))
    var idleTimeout = 120

    @Option(
        help: ArgumentHelp(
            "Seconds a command waits for a story another transaction holds before it answers 503 story-held.",
            valueName: "SECONDS"))
    var lockTimeout = Int(EventStore.defaultLockTimeout.components.seconds)

    @Option(
        help: ArgumentHelp(
            "Seconds a read waits for the read models; past it, it answers with Galley-Read-Lag.",
            valueName: "SECONDS"))
    var readWait = 2

    @Option(help: ArgumentHelp("Database connections for commands and reads.", valueName: "N"))
    var poolSize = GalleyServer.defaultPoolSize

    @Option(
        help: ArgumentHelp(
            "Database connections for searches, apart from the others; past them a search answers 503 "
                + "(default: one a core, at least 2).", valueName: "N"))
    var searchConnections: Int?

    @Option(help: ArgumentHelp("Seconds one search statement may run; past it, 503.", valueName: "SECONDS"))
    var searchTimeout = 10

    @Option(help: ArgumentHelp("Seconds any other statement may run; past it, 503.", valueName: "SECONDS"))
    var statementTimeout = 30

    @Option(
        help: ArgumentHelp(
            "Searches one person may run at once; one more waits up to 2 s for a place, then 429 (default: 1).",
            valueName: "N"))
    var searchesPerPerson: Int?

    @Option(help: ArgumentHelp("Hours published, spiked and retracted stories stay on the board.", valueName: "HOURS"))
    var boardRecentHours = BoardColumnKind.defaultWindowHours

    @Option(help: ArgumentHelp("Minutes a web session may go unused before it ends.", valueName: "MINUTES"))
    var sessionIdleMinutes = 480

    @Flag(help: "Mark the web app's cookies Secure: when galley is reached over TLS through a proxy.")
    var secureCookies = false

    @Option(
        help: ArgumentHelp(
            "The time zone the web app shows and reads times in, such as Europe/Lisbon (default: TZ, else UTC).",
            valueName: "ZONE"))
    var timeZone: String?

    @Option(
        help: ArgumentHelp(
            "The public site's address, such as https://news.example.org: stories are at /news/SLUG below it, "
                + "and their pages name it (default: GALLEY_PUBLIC_URL; none: no canonical links).",
            valueName: "URL"))
    var publicURL: String?

    @Option(
        help: ArgumentHelp(
            "The publishing organization's name, for the public pages' structured data (default: GALLEY_PUBLISHER, "
                + "else Galley).", valueName: "NAME"))
    var publisher: String?

    @Option(help: ArgumentHelp("Seconds a CDN or browser may keep a public page.", valueName: "SECONDS"))
    var publicMaxAge = PublicCache().maxAge

    @Option(
        help: ArgumentHelp(
            "Seconds a stale public page may still be served while it is asked for again.", valueName: "SECONDS"))
    var publicStaleSeconds = PublicCache().staleWhileRevalidate

    @Option(
        help: ArgumentHelp(
            "Days a retracted or taken-down story stays in the feeds as a tombstone.", valueName: "DAYS"))
    var feedTombstoneDays = PublicCache().tombstoneDays

    @Flag(
        inversion: .prefixedNo,
        help: "Deliver webhooks from this process (one process at a time sends; galley deliver is another way).")
    var webhooks = true

    @OptionGroup var webhookOptions: WebhookOptions

    @Option(
        help: ArgumentHelp(
            "The log's private key (galley log keygen): sign checkpoints of the log's tree; without it the tree is "
                + "built and served, unsigned.", valueName: "FILE"))
    var logKey: String?

    @Option(
        help: ArgumentHelp("Seconds at least between two checkpoints while the log grows.", valueName: "SECONDS"))
    var checkpointInterval = 60

    @OptionGroup var witnessOptions: WitnessOptions

    @Option(
        help: ArgumentHelp(
            "Who may read the log's checkpoints, tiles and proofs under /log: public (they hold hashes and counts "
                + "only) or token (an API token, as /v1 asks).", valueName: "public|token"))
    var logAccess = LogAccess.public

    @Option(
        name: .customLong("read-database-url"),
        help: ArgumentHelp(
            "A standby for reads that may lag (lists, search, the board, public pages, feeds, the content API); "
                + "overrides GALLEY_READ_DATABASE_URL. A read waits up to --read-wait for it to hold what this "
                + "server has seen, else the primary answers.", valueName: "URL"))
    var readDatabaseURL: String?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port is 0 to 65535") }
        if !witnessOptions.arguments.isEmpty, logKey == nil {
            throw ValidationError(
                "--witness needs --log-key: witnesses are asked to cosign the checkpoints this server signs")
        }
        if let publicURL, let problem = WebLink.problem(publicURL, what: "--public-url") {
            throw ValidationError(problem)
        }
        guard publicMaxAge >= 0, publicStaleSeconds >= 0 else {
            throw ValidationError("--public-max-age and --public-stale-seconds are 0 or more")
        }
        guard (0...36_500).contains(feedTombstoneDays) else {
            throw ValidationError("--feed-tombstone-days is 0 to 36500")
        }
        guard maxBodySize >= 1_024 else { throw ValidationError("--max-body-size is at least 1024") }
        // Every count and every time in seconds or minutes is at least 1, in the order --help lists them.
        for (name, value) in [
            ("--max-streams", maxStreams), ("--max-streams-per-user", maxStreamsPerUser),
            ("--command-burst", commandBurst), ("--stream-queue", streamQueue), ("--max-connections", maxConnections),
            ("--max-connections-per-address", maxConnectionsPerAddress), ("--header-timeout", headerTimeout),
            ("--body-timeout", bodyTimeout), ("--idle-timeout", idleTimeout), ("--lock-timeout", lockTimeout),
            ("--pool-size", poolSize), ("--search-connections", searchConnections ?? 1),
            ("--search-timeout", searchTimeout), ("--statement-timeout", statementTimeout),
            ("--searches-per-person", searchesPerPerson ?? 1), ("--session-idle-minutes", sessionIdleMinutes),
            ("--checkpoint-interval", checkpointInterval),
        ]
        where value < 1 {
            throw ValidationError("\(name) is at least 1")
        }
        guard commandsPerSecond > 0, commandsPerSecond.isFinite else {
            throw ValidationError("--commands-per-second is more than 0")
        }
        guard readWait >= 0, boardRecentHours >= 0 else {
            throw ValidationError("--read-wait and --board-recent-hours are 0 or more")
        }
        for address in trustedProxies where TrustedProxies.normalized(address) == nil {
            throw ValidationError("--trusted-proxy: \(address) is not an IP address such as 10.0.0.2 or ::1")
        }
        if let timeZone, TimeZone(identifier: timeZone) == nil {
            throw ValidationError("--time-zone: \(timeZone) is not a time zone name such as UTC or Europe/Lisbon")
        }
    }

    /// The sign-in form's key from a file: a configuration error when it cannot be read or is too short to be secret.
    static func signInKey(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GalleyError.configuration("--sign-in-key-file: cannot read \(path)")
        }
        guard data.count >= 32 else {
            throw GalleyError.configuration(
                "--sign-in-key-file: \(path) holds \(data.count) bytes; a key has at least 32")
        }
        return data
    }

    func run() async throws {
        try await CommandFailure.report {
            var logger = Logger(label: "galley")
            logger.logLevel = .info
            var server = GalleyServer(
                database: try database.configuration(), host: host, port: port, maxBodySize: maxBodySize,
                maxProjectionLag: maxLag, logger: logger)
            server.feedLimits.maxClients = maxStreams
            server.feedLimits.clientQueue = streamQueue
            server.feedLimits.maxClientsPerUser = maxStreamsPerUser
            server.commandLimits.burst = commandBurst
            server.commandLimits.perSecond = commandsPerSecond
            server.connectionLimits.maxConnections = maxConnections
            server.connectionLimits.maxConnectionsPerAddress = maxConnectionsPerAddress
            server.trustedProxies = TrustedProxies(trustedProxies)
            server.signInFormKey = try signInKeyFile.map(Self.signInKey)
            server.connectionLimits.headerTimeout = .seconds(headerTimeout)
            server.connectionLimits.bodyTimeout = .seconds(bodyTimeout)
            server.idleTimeout = .seconds(idleTimeout)
            server.lockTimeout = .seconds(lockTimeout)
            server.readWait = .seconds(readWait)
            if let url = readDatabaseURL ?? ProcessInfo.processInfo.environment["GALLEY_READ_DATABASE_URL"],
                !url.isEmpty
            {
                server.readDatabase = try ConnectionConfiguration(url)
            }
            server.boardRecent = .seconds(boardRecentHours * 3_600)
            server.poolSize = poolSize
            if let searchConnections { server.searchConnections = searchConnections }
            server.searchTimeout = .seconds(searchTimeout)
            server.statementTimeout = .seconds(statementTimeout)
            if let searchesPerPerson { server.searchesPerPerson = searchesPerPerson }
            server.sessionIdleTimeout = .seconds(sessionIdleMinutes * 60)
            server.secureCookies = secureCookies
            let zone = timeZone ?? ProcessInfo.processInfo.environment["TZ"].flatMap { $0.isEmpty ? nil : $0 }
            server.timeZone = zone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC")!
            let environment = ProcessInfo.processInfo.environment
            if let base = publicURL ?? environment["GALLEY_PUBLIC_URL"].flatMap({ $0.isEmpty ? nil : $0 }) {
                if let problem = WebLink.problem(base, what: "GALLEY_PUBLIC_URL") { throw ValidationError(problem) }
                server.site = PublicSite(
                    baseURL: base, publisher: publisher ?? environment["GALLEY_PUBLISHER"] ?? "Galley")
            }
            server.webhooks = webhooks ? webhookOptions.settings(baseURL: server.site?.baseURL) : nil
            server.publicCache.maxAge = publicMaxAge
            server.publicCache.staleWhileRevalidate = publicStaleSeconds
            server.publicCache.tombstoneDays = feedTombstoneDays
            server.logSigner = try logKey.map { try NoteKeyFile.read(path: $0, type: .ed25519) }
            server.checkpointInterval = .seconds(checkpointInterval)
            server.logWitnesses = try witnessOptions.witnesses()
            server.logAccess = logAccess
            do {
                try await server.run { port in
                    // Written straight to the descriptor, so whoever started the server sees it at once.
                    FileHandle.standardOutput.write(Data("galley serving on http://\(host):\(port)\n".utf8))
                }
            } catch let error as CannotListen {
                FileHandle.standardError.write(Data("galley: \(error)\n".utf8))
                throw ExitCode(CommandFailure.cannotListen)
            }
        }
    }
}
