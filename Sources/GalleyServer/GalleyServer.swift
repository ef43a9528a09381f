import Coding
import EventStore
public import Foundation
public import Galley
import HTTPTypes
import Hummingbird
public import Logging
import NIOCore
import NIOPosix
public import Postgres
import ServiceLifecycle
public import Transparency
import UnixSignals

/// The HTTP service for editors: every command and query of the CLI as a JSON API, behind bearer tokens.
///
/// It runs the projections itself (one process at a time per projection, across every `galley serve` on the
/// database) and stops on SIGTERM or SIGINT: in-flight requests finish, projections stop at a committed
/// checkpoint, and the pool closes.
public struct GalleyServer: Sendable {
    /// The database.
    public var database: ConnectionConfiguration
    /// The address to listen on.
    public var host: String
    /// The port to listen on (0: any free port).
    public var port: Int
    /// The largest request body accepted, in bytes.
    public var maxBodySize: Int
    /// How many events a projection may be behind before `/readyz` says not ready.
    public var maxProjectionLag: Int64
    /// How many live feeds (`/v1/events` as Server-Sent Events) may be open at once, and how many batches
    /// one may have waiting for a slow client before it is let go.
    public var feedLimits = LogFeed.Limits()
    /// How many commands one person may give at once, and a second after that; past it, 429.
    public var commandLimits = CommandRateLimit.Limits()
    /// The cap on open connections and the time limits on a request's head and body.
    public var connectionLimits = ConnectionLimits()
    /// How long a connection may stay with nothing read or written before it is closed.
    public var idleTimeout: Duration = .seconds(120)
    /// How long a command waits for a story another transaction holds before it answers with a conflict.
    public var lockTimeout = EventStore.defaultLockTimeout
    /// How long a read waits for the read models to catch up; past it, it answers with `Galley-Read-Lag`.
    public var readWait: Duration = .seconds(2)
    /// A standby for reads that may lag, when there is one (see `StandbyReads`); commands, audits and the
    /// projections keep to `database`.
    public var readDatabase: ConnectionConfiguration?
    /// The pool's size unless configured: room for the group commits and the readers beside them, and well
    /// below PostgreSQL's 100 connections when several servers share one database.
    public static let defaultPoolSize = 16
    /// How long published, spiked and retracted stories stay on the board.
    public var boardRecent = BoardColumnKind.defaultWindow
    /// The connections of the pool commands and reads share.
    public var poolSize = GalleyServer.defaultPoolSize
    /// How long one statement on that pool may run: far above what any read should take, so that none holds a
    /// connection for good.
    public var statementTimeout: Duration = .seconds(30)
    /// The connections searches run on, apart from the others: one a core, so that searches cannot take every
    /// core from the commands and reads the others serve.
    public var searchConnections = max(2, ProcessInfo.processInfo.activeProcessorCount)
    /// How long one search statement may run.
    public var searchTimeout: Duration = .seconds(10)
    /// How many searches one person may run at once.
    public var searchesPerPerson = 1

    /// How long a web session may go unused before it ends.
    public var sessionIdleTimeout: Duration = .seconds(8 * 3_600)
    /// The proxies whose `X-Forwarded-For` names the client; without any, a connection's peer is its client.
    public var trustedProxies = TrustedProxies()
    /// The key the sign-in form's token is signed with; nil: a random one at start, which several instances behind
    /// one load balancer cannot share (give them the same key then).
    public var signInFormKey: Data?
    /// Marks the web app's cookies Secure: for a server reached over TLS through a proxy that does not say so
    /// with `X-Forwarded-Proto: https`.
    public var secureCookies = false
    /// The time zone the web app shows times in and reads typed times in.
    public var timeZone = TimeZone(identifier: "UTC")!
    /// The public site's base address and publisher: a story's permanent address is this followed by
    /// `/news/SLUG`; nil: pages name no absolute address (no canonical link, no structured data).
    public var site: PublicSite?
    /// How long a CDN or browser may keep a public page, and serve it stale while it asks again.
    public var publicCache = PublicCache()

    /// How webhooks are delivered; nil: this server does not deliver them (`galley deliver` does, say).
    public var webhooks: WebhookSettings? = WebhookSettings()
    /// The log's key: with it, the server signs a checkpoint of the log's tree at most every
    /// ``checkpointInterval`` while the log grows; without it, the tree is built and served but not signed.
    public var logSigner: NoteSigner?
    /// The least time between two checkpoints.
    public var checkpointInterval: Duration = .seconds(60)
    /// The witnesses asked to cosign each checkpoint.
    public var logWitnesses: [LogWitness] = []
    /// Who may read the log's checkpoints, tiles and proofs under `/log`.
    public var logAccess = LogAccess.public

    /// Where logs go.
    public var logger: Logger

    /// Describes a server; nothing runs until `run`.
    public init(
        database: ConnectionConfiguration, host: String = "127.0.0.1", port: Int = 8080, maxBodySize: Int = 1 << 20,
        maxProjectionLag: Int64 = 1_000, logger: Logger = Logger(label: "galley")
    ) {
        self.maxProjectionLag = maxProjectionLag
        self.database = database
        self.host = host
        self.port = port
        self.maxBodySize = maxBodySize
        self.logger = logger
    }

    /// Serves until SIGTERM or SIGINT; `onListening` hears the port actually bound.
    public func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let pool = ConnectionPool(
            configuration: try database.limitingStatements(to: statementTimeout), maxConnections: poolSize)
        // A search that finds no connection soon is answered busy: waiting longer would only queue more of them.
        let searchPool = ConnectionPool(
            configuration: try database.limitingStatements(to: searchTimeout), maxConnections: searchConnections,
            acquireTimeout: .seconds(2))
        var projections = ProjectionRunner(configuration: database)
        projections.logger = logger
        // On the standby, searches keep the limits they have on the primary: a pool of their own, a shorter timeout.
        let standbyPools = try readDatabase.map {
            (
                reads: ConnectionPool(
                    configuration: try $0.limitingStatements(to: statementTimeout), maxConnections: poolSize,
                    acquireTimeout: .seconds(2)),
                searches: ConnectionPool(
                    configuration: try $0.limitingStatements(to: searchTimeout), maxConnections: searchConnections,
                    acquireTimeout: .seconds(2))
            )
        }
        if let standbyPools {
            projections.standby = StandbyReads(
                pool: standbyPools.reads, searchPool: standbyPools.searches,
                projections: projections.projections.map(\.name), maxWait: readWait, logger: logger)
        }
        func closePools() async {
            await pool.close()
            await searchPool.close()
            await standbyPools?.reads.close()
            await standbyPools?.searches.close()
        }
        let tokens = TokenCache(tokens: TokenStore(pool: pool), configuration: database)
        let feed = LogFeed(configuration: database, limits: feedLimits, logger: logger, progress: projections.progress)
        let templates = try await WebTemplates.load()
        let router = makeRouter(
            pool: pool, searchPool: searchPool, projections: projections, tokens: tokens, feed: feed,
            templates: templates, formKey: signInFormKey.map(SignInFormKey.init) ?? .random())
        let (limits, count, proxies, logger) = (connectionLimits, ConnectionGuard.Count(), trustedProxies, logger)
        var app = Application(
            router: router,
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [
                        ConnectionGuard(limits: limits, count: count, proxies: proxies, logger: logger)
                    ],
                    idleTimeout: TimeAmount(idleTimeout))),
            configuration: .init(address: .hostname(host, port: port), serverName: "galley"),
            services: [
                ProjectionService(runner: projections), TokenCacheService(cache: tokens), feed,
                LogTreeService(
                    builder: LogTreeBuilder(configuration: database), signer: logSigner, interval: checkpointInterval,
                    witnessing: CheckpointWitnessing(witnesses: logWitnesses, logger: logger), pool: pool,
                    logger: logger),
            ]
                + (webhooks.map { [WebhookService(deliverer: WebhookDeliverer(configuration: database, settings: $0))] }
                    ?? []),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        app.logger.logLevel = logger.logLevel
        do {
            // A shutdown is bounded: whatever has not stopped gracefully by then (a feed's handler, a loop waiting
            // on a database) is cancelled, so SIGTERM always ends the process. Under load one did not, in CI.
            var group = ServiceGroupConfiguration(
                services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            group.maximumGracefulShutdownDuration = .seconds(20)
            try await ServiceGroup(configuration: group).run()
            await closePools()
        } catch let error as IOError where [EADDRINUSE, EADDRNOTAVAIL, EACCES].contains(error.errnoCode) {
            await closePools()
            throw CannotListen(address: "\(host):\(port)", errno: error.errnoCode)
        } catch {
            await closePools()
            throw error
        }
    }

    /// Every route, with its middleware: what `run` serves; without templates, the API alone, which the OpenAPI
    /// test compares with the document.
    func makeRouter(
        pool: ConnectionPool, searchPool: ConnectionPool? = nil, projections: ProjectionRunner, tokens: TokenCache,
        feed: LogFeed, templates: WebTemplates?, formKey: SignInFormKey = .random()
    ) -> Router<GalleyRequestContext> {
        let readModels = ReadModels(pool: pool, searchPool: searchPool)
        let searchGate = SearchGate(perPerson: searchesPerPerson)
        let metrics = ServiceMetrics()
        let newsroom = Newsroom(pool: pool, lockTimeout: lockTimeout) { metrics.record($0) }
        let commandRate = CommandRateLimit(limits: commandLimits)
        // HEAD wherever GET is served: the same response without its body (RFC 9110, 9.3.2).
        let router = Router(context: GalleyRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.middlewares.add(RequestMetrics(metrics: metrics))
        let routes = RouteTable()
        router.middlewares.add(
            ProblemResponses(
                routes: routes,
                pages: templates.map { ErrorPages(templates: $0, zone: WebTime(zone: timeZone).zoneName) }))
        router.middlewares.add(BodyLimit(maxBodySize: maxBodySize))
        router.middlewares.add(QueryTextRule())
        router.get("healthz") { _, _ in JSONValueWriter.response(.object(["status": .string("ok")])) }
        let maxLag = maxProjectionLag
        let (store, stuckAfter) = (newsroom.store, lockTimeout * 2)
        router.get("readyz") { _, _ in
            let statuses: [ProjectionStatus]
            let isStandby: Bool
            do {
                statuses = try await projections.status(using: pool)
                isStandby = try await pool.query("SELECT pg_is_in_recovery() AS standby")[0].decode(
                    "standby", as: Bool.self)
            } catch {
                throw Problem(
                    .serviceUnavailable, "not-ready", "Not ready",
                    detail: "the database does not answer (the server's log says why)")
            }
            // A URL without target_session_attrs=read-write can land on a standby: nothing could be written.
            guard !isStandby else {
                throw Problem(
                    .serviceUnavailable, "not-ready", "Not ready",
                    detail: "the database is a standby and takes no writes (a multi-host URL wants "
                        + "target_session_attrs=read-write)")
            }
            let lag = statuses.map(\.lag).max() ?? 0
            guard lag <= maxLag else {
                throw Problem(
                    .serviceUnavailable, "not-ready", "Not ready",
                    detail: "projections are \(lag) events behind (the limit is \(maxLag))")
            }
            let health = store.appendHealth
            guard health.longestGroupCommit <= stuckAfter else {
                throw Problem(
                    .serviceUnavailable, "not-ready", "Not ready",
                    detail:
                        "a commit of appends has been running for \(health.longestGroupCommit): the commit path is stuck"
                )
            }
            // A story a projection passes over is named, but the service is ready: every other story is served.
            let passedOver: [JSONValue] = statuses.flatMap { status in
                status.failures.map { failure in
                    .object([
                        "projection": .string(status.name), "position": .int(failure.position),
                        "stream": .string(failure.streamID), "type": .string(failure.type),
                        "error": .string(failure.message),
                    ])
                }
            }
            return JSONValueWriter.response(
                .object([
                    "status": .string("ready"), "projection_lag": .int(lag),
                    "appends_waiting_on_held_stories": .int(Int64(health.waitingOnHeldStreams)),
                    "passed_over": .array(passedOver),
                ]))
        }
        // Metrics say how the newsroom works (routes, volumes): behind a token, like the API. The API's own
        // description is public, as is usual.
        router.group("metrics").add(middleware: Authentication(tokens: tokens)).get { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4"
            let text = metrics.render(projections: (try? await projections.status(using: pool)) ?? [])
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("openapi.json") { _, _ in JSONValueWriter.response(OpenAPIDocument.text) }
        // The tree's hashes reveal only how many events there are and when; a newsroom that would not say even
        // that asks for a token, as the API does.
        let log = router.group("log")
        LogRoutes(pool: pool).register(
            on: logAccess == .token ? log.add(middleware: Authentication(tokens: tokens)) : log)
        let api = router.group("v1").add(middleware: Authentication(tokens: tokens))
        var articles = ArticleRoutes(
            newsroom: newsroom, readModels: readModels, projections: projections, searchGate: searchGate,
            commandRate: commandRate)
        articles.readWait = readWait
        articles.recentWindow = boardRecent
        articles.register(on: api)
        let events = EventRoutes(store: newsroom.store, feed: feed, tokens: tokens.tokens)
        events.register(on: api)
        InboxRoutes(readModels: readModels, projections: projections, readWait: readWait).register(on: api)
        // Partners' content API: subscribers' tokens only, apart from the newsroom's API and its users' tokens.
        let partners = router.group("content/v1").add(
            middleware: SubscriberAuthentication(tokens: SubscriberTokenStore(pool: pool)))
        let publisher = site.flatMap { site in
            URL(string: site.baseURL).map { ClaimReviewDocument.Publisher(name: site.publisher, baseURL: $0) }
        }
        ContentRoutes(
            content: PartnerContent(pool: pool), reads: ContentReads(pool: pool), projections: projections,
            readWait: readWait, publisher: publisher
        ).register(on: partners)
        if let templates {
            WebApp(
                newsroom: newsroom, readModels: readModels, projections: projections, searchGate: searchGate,
                signIn: WebSignIn(pool: pool, idleTimeout: sessionIdleTimeout, cache: tokens), templates: templates,
                events: events,
                time: WebTime(zone: timeZone), recentWindow: boardRecent, readWait: readWait,
                secureCookies: secureCookies, commandRate: commandRate, proxies: trustedProxies, formKey: formKey,
                maxBodySize: maxBodySize, presence: Presence(pool: pool), site: site, publicCache: publicCache,
                linksProofs: logAccess == .public
            ).register(on: router)
        }
        routes.learn(router.routes.map { ($0.method, $0.path.description) })
        return router
    }

    /// Each route as `METHOD /path/{parameter}`, the way the OpenAPI document writes it.
    public func routeList() -> [String] {
        let pool = ConnectionPool(configuration: database, maxConnections: 1)  // never connects: nothing is served
        let tokens = TokenCache(tokens: TokenStore(pool: pool), configuration: database)
        let feed = LogFeed(configuration: database, logger: logger)
        return makeRouter(
            pool: pool, projections: ProjectionRunner(configuration: database), tokens: tokens, feed: feed,
            templates: nil
        ).routes
            // A path of any depth (the log's tiles) is one parameter spanning segments in the document.
            .map { "\($0.method.rawValue) \($0.path.description.replacingOccurrences(of: "**", with: "{path}"))" }
            .sorted()
    }
}

/// The server could not listen where it was told to: a configuration error, not an internal one.
public struct CannotListen: Error, Sendable, CustomStringConvertible {
    /// The address, as `host:port`.
    public var address: String
    /// The system's error number.
    public var errno: Int32

    /// What went wrong and what to do.
    public var description: String {
        let why =
            switch errno {
            case EADDRINUSE: "the address is in use: stop what listens there, or choose another --port"
            case EACCES: "this user may not listen there: choose a port above 1023"
            default: "the address is not one of this machine's: check --host"
            }
        return "cannot listen on \(address): \(why)"
    }
}

/// The limits each connection is held to; past them it is closed.
public struct ConnectionLimits: Sendable {
    /// How many connections may be open at once.
    public var maxConnections = 2_000
    /// How many connections one client address may have open at once (a trusted proxy's are not held to it).
    public var maxConnectionsPerAddress = 100
    /// How long a request's head may take to arrive, and a kept-alive connection may wait for the next one.
    public var headerTimeout: Duration = .seconds(10)
    /// How long a request's body may take to arrive once its head has.
    public var bodyTimeout: Duration = .seconds(30)

    /// The defaults.
    public init() {}
}

/// Sets each request's body limit from the server's configuration.
struct BodyLimit: RouterMiddleware {
    let maxBodySize: Int

    func handle(
        _ request: Request, context: GalleyRequestContext,
        next: (Request, GalleyRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.maxUploadSize = maxBodySize
        return try await next(request, context)
    }
}

/// The token cache's listener as a service of the application: it stops on graceful shutdown.
struct TokenCacheService: Service {
    let cache: TokenCache

    func run() async throws {
        await cancelWhenGracefulShutdown { await cache.run() }
    }
}

/// The projections as a service of the application: they stop, at a committed checkpoint, on graceful shutdown.
struct ProjectionService: Service {
    let runner: ProjectionRunner

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            do {
                try await runner.run()
            } catch is CancellationError {
                return
            }
        }
    }
}
