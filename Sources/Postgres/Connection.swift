import CLibPQ
import Dispatch

/// One session with PostgreSQL, used through async calls.
///
/// libpq blocks while it waits for the server, so every call runs on a serial dispatch queue that belongs to
/// this connection and never on Swift's cooperative threads. A task that works one connection can run on that
/// queue itself (`run(_:)`), and its calls then go without a hop. Statements are parameterized; there is no way
/// to splice a value into SQL text.
public final class Connection: @unchecked Sendable {
    // @unchecked Sendable: a PGconn must never be used by two threads at once. `handle` and `isClosed` are only
    // read or written on the executor's queue, which is serial, so the connection is safe to share between tasks.
    private let handle: OpaquePointer
    private let executor: ConnectionExecutor
    private var isClosed = false
    private let farewell: UnsafeMutablePointer<Bool>
    private let prepared = PreparedStatements()

    /// Where this connection goes, as `user@host:port/dbname`; never includes a password.
    public let target: String
    /// The server process serving this session, as `pg_backend_pid()` reports it.
    public let backendPID: Int32
    /// The server's version, such as 150018 for 15.18.
    public let serverVersion: Int

    /// Opens a connection for the length of `body` and closes it afterwards, whatever `body` does.
    public static func with<T: Sendable>(
        _ configuration: ConnectionConfiguration, _ body: (Connection) async throws -> T
    ) async throws -> T {
        let connection = try await connect(configuration)
        do {
            let value = try await body(connection)
            await connection.close()
            return value
        } catch {
            await connection.close()
            throw error
        }
    }

    /// Opens a session; fails with `PostgresError.connectionFailed` naming the target when the server cannot be reached.
    public static func connect(_ configuration: ConnectionConfiguration) async throws -> Connection {
        let executor = ConnectionExecutor()
        return try await withCheckedThrowingContinuation { continuation in
            executor.queue.async {
                continuation.resume(with: Result { try Connection(configuration: configuration, executor: executor) })
            }
        }
    }

    private init(configuration: ConnectionConfiguration, executor: ConnectionExecutor) throws {
        guard let handle = PQconnectdb(configuration.conninfo) else {
            throw PostgresError.connectionFailed(target: configuration.description, message: "libpq is out of memory")
        }
        let target = ConnectionConfiguration.describe(
            user: PQuser(handle).map { String(cString: $0) }, host: PQhost(handle).map { String(cString: $0) },
            port: PQport(handle).map { String(cString: $0) }, database: PQdb(handle).map { String(cString: $0) })
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle)).firstLine
            PQfinish(handle)
            throw PostgresError.connectionFailed(target: target, message: message)
        }
        // Without a receiver libpq prints every NOTICE to stderr. Notices are dropped, except a FATAL one: an idle
        // session hears of its termination that way, and the pool must then replace it.
        let farewell = UnsafeMutablePointer<Bool>.allocate(capacity: 1)
        farewell.initialize(to: false)
        PQsetNoticeReceiver(
            handle,
            { argument, result in
                guard let argument, let result,
                    let severity = PQresultErrorField(result, Int32(UInt8(ascii: "V"))),
                    String(cString: severity) == "FATAL" || String(cString: severity) == "PANIC"
                else { return }
                argument.assumingMemoryBound(to: Bool.self).pointee = true
            }, farewell)
        self.farewell = farewell
        PQsetClientEncoding(handle, "UTF8")
        self.handle = handle
        self.executor = executor
        self.target = target
        self.backendPID = PQbackendPID(handle)
        self.serverVersion = Int(PQserverVersion(handle))
    }

    deinit {
        if !isClosed { PQfinish(handle) }
        farewell.deallocate()
    }

    /// Runs `body` with this connection's thread as the task's preferred executor: code that works this one
    /// connection, such as a loop of statements, runs beside libpq and each statement is a direct call.
    public func run<T, Failure: Error>(_ body: () async throws(Failure) -> T) async throws(Failure) -> T {
        try await withTaskExecutorPreference(executor, operation: body)
    }

    /// Whether the caller runs on this connection's thread, as code inside `run` does.
    var isOnOwnThread: Bool { executor.isCurrent }

    /// Runs `body` on this connection's own thread with synchronous access to the session.
    ///
    /// Use it to issue several statements in one hop; the session must not escape the closure.
    public func withSession<T: Sendable>(_ body: @escaping @Sendable (Session) throws -> T) async throws -> T {
        // Already on the thread (inside `run`): the call blocks it, as a C client's would, with no hop.
        if isOnOwnThread { return try sessionCall(body) }
        return try await withCheckedThrowingContinuation { continuation in
            executor.queue.async { continuation.resume(with: Result { try self.sessionCall(body) }) }
        }
    }

    private func sessionCall<T>(_ body: (Session) throws -> T) throws -> T {
        guard !isClosed else { throw PostgresError.closed }
        return try body(Session(handle: handle, farewell: farewell, prepared: prepared))
    }

    /// Runs one statement and returns its rows; `prepared`: parsed and planned once on this connection.
    @discardableResult
    public func query(_ sql: String, _ parameters: [(any PostgresEncodable)?] = [], prepared: Bool = false)
        async throws -> QueryResult
    {
        let encoded = try EncodedParameters(parameters)
        return try await withSession { try $0.query(sql, encoded, prepared: prepared) }
    }

    /// Runs one statement and returns how many rows it changed; `prepared`: parsed and planned once.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [(any PostgresEncodable)?] = [], prepared: Bool = false)
        async throws -> Int
    {
        try await query(sql, parameters, prepared: prepared).affectedRows
    }

    /// Whether the session still works, checked without a round trip: a backend that was terminated or a socket
    /// that was closed shows up here, so a pool can replace the connection before anyone uses it.
    public func isHealthy() async -> Bool {
        (try? await withSession { $0.checkHealth() }) ?? false
    }

    /// Ends the session. Later calls fail with `PostgresError.closed`.
    public func close() async {
        await withCheckedContinuation { continuation in
            executor.queue.async {
                if !self.isClosed {
                    self.isClosed = true
                    PQfinish(self.handle)
                }
                continuation.resume()
            }
        }
    }
}
