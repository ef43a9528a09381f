public import Galley
import HTTPTypes
import Hummingbird
public import Logging
import NIOCore
public import Postgres
import Transparency

/// A tlog-witness another organisation runs beside a newsroom's log: it cosigns a checkpoint only when it extends
/// the last one it cosigned for that log, and keeps that record in a database of its own.
public struct WitnessServer: Sendable {
    /// The witness's database (not the newsroom's).
    public var database: ConnectionConfiguration
    /// What it cosigns with and for which logs.
    public var ledger: WitnessLedger
    /// The address to listen on.
    public var host: String
    /// The port to listen on (0: any free port).
    public var port: Int
    /// Where requests and refusals are told.
    public var logger: Logger

    /// The largest request accepted: 63 proof lines and a checkpoint with a hundred signatures fit well inside.
    static let maxBodySize = 64 * 1_024

    /// A witness on `host:port` recording in `database`.
    public init(database: ConnectionConfiguration, ledger: WitnessLedger, host: String, port: Int, logger: Logger) {
        self.database = database
        self.ledger = ledger
        self.host = host
        self.port = port
        self.logger = logger
    }

    /// Makes its table if needed and serves until SIGTERM or SIGINT; `onListening` hears the port bound.
    public func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        try await Connection.with(database) { try await WitnessLedger.prepare(on: $0) }
        let pool = ConnectionPool(configuration: database, maxConnections: 4)
        let app = Application(
            router: makeRouter(pool: pool),
            configuration: .init(address: .hostname(host, port: port), serverName: "galley-witness"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        do {
            try await app.runService()
        } catch {
            await pool.close()
            throw error
        }
        await pool.close()
    }

    func makeRouter(pool: ConnectionPool) -> Router<BasicRequestContext> {
        let (ledger, logger) = (ledger, logger)
        let router = Router()
        router.get("healthz") { _, _ in "ok\n" }
        router.post("add-checkpoint") { request, _ -> Response in
            do {
                let bytes = try await request.body.collect(upTo: Self.maxBodySize)
                guard let body = String(validating: bytes.readableBytesView, as: UTF8.self) else {
                    throw WitnessRefusal.malformedRequest("the body is not UTF-8")
                }
                let add = try AddCheckpoint(body: body)
                let lines = try await pool.withConnection { try await ledger.add(add, on: $0) }
                return Self.response(.ok, type: "text/plain; charset=utf-8", lines)
            } catch let refusal as WitnessRefusal {
                logger.notice(
                    "refused a checkpoint", metadata: ["status": "\(refusal.statusCode)", "why": "\(refusal)"])
                let type = refusal.statusCode == 409 ? "text/x.tlog.size" : "text/plain; charset=utf-8"
                return Self.response(HTTPResponse.Status(code: refusal.statusCode), type: type, refusal.body)
            } catch let error as HTTPError where error.status == .contentTooLarge {
                return Self.response(.contentTooLarge, type: "text/plain; charset=utf-8", "the request is too large\n")
            }
        }
        return router
    }

    static func response(_ status: HTTPResponse.Status, type: String, _ body: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
