import Synchronization

/// A bounded set of connections shared by many tasks.
///
/// A caller waits at most `acquireTimeout` for a free connection and then gets `PostgresError.poolTimeout`.
/// A connection that broke (terminated backend, closed socket) or was handed back mid-transaction is closed,
/// and a new one takes its place on the next request.
public final class ConnectionPool: Sendable {
    /// Where the pool's connections go.
    public let configuration: ConnectionConfiguration
    /// The most connections open at once.
    public let maxConnections: Int
    /// How long a caller waits for a free connection before giving up.
    public let acquireTimeout: Duration

    private let state = Mutex(State())

    private struct State {
        var idle: [Connection] = []
        var open = 0
        var waiters: [(id: Int, continuation: CheckedContinuation<Lease, any Error>)] = []
        var nextWaiterID = 0
        var isClosed = false
    }

    /// What a caller gets: a connection to reuse, or the right to open a new one.
    private enum Lease: Sendable {
        case existing(Connection)
        case create
    }

    /// Creates a pool; no connection is opened until one is needed.
    public init(
        configuration: ConnectionConfiguration, maxConnections: Int = 10, acquireTimeout: Duration = .seconds(10)
    ) {
        precondition(maxConnections > 0, "a pool needs room for at least one connection")
        self.configuration = configuration
        self.maxConnections = maxConnections
        self.acquireTimeout = acquireTimeout
    }

    /// Lends a connection to `body` and takes it back afterwards, whether `body` returns or throws.
    public func withConnection<T: Sendable>(_ body: (Connection) async throws -> T) async throws -> T {
        let connection = try await acquire()
        let value: T
        do {
            value = try await body(connection)
        } catch {
            if Self.isOnStandby(Result<T, any Error>.failure(error)) {
                await retire(connection)
            } else {
                await release(connection)
            }
            throw error
        }
        await release(connection)
        return value
    }

    /// Whether `result` says the connection reached a standby, so that it must not be lent again.
    private static func isOnStandby<T>(_ result: Result<T, any Error>) -> Bool {
        guard case .failure(let error) = result else { return false }
        return (error as? PostgresError)?.isOnStandby == true
    }

    /// Runs `body` on a pooled connection's own thread in a single hop: the health check, `body`, and the check
    /// that `body` left no transaction open all happen together, which matters on hot paths.
    public func withSession<T: Sendable>(_ body: @escaping @Sendable (Session) throws -> T) async throws -> T {
        var lease = try await reserve()
        while true {
            let connection = try await open(lease)
            let outcome: (result: Result<T, any Error>, reusable: Bool)?
            do {
                outcome = try await connection.withSession { session in
                    guard session.checkHealth() else { return nil }
                    let result = Result { try body(session) }
                    return (result, session.transactionStatus == .idle)
                }
            } catch {
                outcome = (.failure(error), false)
            }
            guard let outcome else {
                await connection.close()
                lease = .create  // it broke while idle: replace it and run on the new one
                continue
            }
            if outcome.reusable, !Self.isOnStandby(outcome.result) {
                handBack(connection)
            } else {
                await retire(connection)
            }
            return try outcome.result.get()
        }
    }

    /// Runs `body` in a transaction on a pooled connection.
    @discardableResult
    public func transaction<T: Sendable>(
        isolation: IsolationLevel = .readCommitted, _ body: (Connection) async throws -> T
    ) async throws -> T {
        try await withConnection { try await $0.transaction(isolation: isolation, body) }
    }

    /// Runs one statement on a pooled connection.
    @discardableResult
    public func query(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) async throws -> QueryResult {
        try await withConnection { try await $0.query(sql, parameters) }
    }

    /// How many connections are open and how many of them are idle.
    public var counts: (open: Int, idle: Int) {
        state.withLock { ($0.open, $0.idle.count) }
    }

    /// Closes idle connections, fails waiting callers, and closes the rest as they come back.
    public func close() async {
        let (idle, waiters) = state.withLock { state in
            state.isClosed = true
            defer {
                state.open -= state.idle.count
                state.idle = []
                state.waiters = []
            }
            return (state.idle, state.waiters)
        }
        for waiter in waiters { waiter.continuation.resume(throwing: PostgresError.closed) }
        for connection in idle { await connection.close() }
    }

    private func acquire() async throws -> Connection {
        var lease = try await reserve()
        while true {
            let connection = try await open(lease)
            if case .create = lease { return connection }
            if await connection.isHealthy() { return connection }
            await connection.close()
            lease = .create  // keep the slot and replace the broken connection
        }
    }

    /// The leased connection, or a new one in the leased slot; a failed connect gives the slot back.
    private func open(_ lease: Lease) async throws -> Connection {
        switch lease {
        case .existing(let connection):
            return connection
        case .create:
            do {
                return try await Connection.connect(configuration)
            } catch {
                handBack(nil)
                throw error
            }
        }
    }

    /// Closes a connection that must not be reused and frees its slot.
    private func retire(_ connection: Connection) async {
        await connection.close()
        handBack(nil)
    }

    private func reserve() async throws -> Lease {
        let maxConnections = maxConnections
        return try await withCheckedThrowingContinuation { continuation in
            let outcome: Result<Lease, any Error>? = state.withLock { state in
                if state.isClosed { return .failure(PostgresError.closed) }
                if let connection = state.idle.popLast() { return .success(.existing(connection)) }
                if state.open < maxConnections {
                    state.open += 1
                    return .success(.create)
                }
                let id = state.nextWaiterID
                state.nextWaiterID += 1
                state.waiters.append((id, continuation))
                scheduleExpiry(of: id)
                return nil
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }

    private func scheduleExpiry(of id: Int) {
        let timeout = acquireTimeout
        Task { [weak self] in
            try? await Task.sleep(for: timeout)
            self?.expireWaiter(id)
        }
    }

    private func expireWaiter(_ id: Int) {
        let waiter = state.withLock { state in
            state.waiters.firstIndex { $0.id == id }.map { state.waiters.remove(at: $0) }
        }
        waiter?.continuation.resume(
            throwing: PostgresError.poolTimeout(waited: acquireTimeout, maxConnections: maxConnections))
    }

    private func release(_ connection: Connection) async {
        let reusable = (try? await connection.withSession { $0.transactionStatus }) == .idle
        if reusable { handBack(connection) } else { await retire(connection) }
    }

    /// Returns a connection (or, with nil, its slot) to the pool or straight to the first waiter.
    private func handBack(_ connection: Connection?) {
        enum Action {
            case none
            case closeConnection(Connection)
            case resume(CheckedContinuation<Lease, any Error>, Lease)
        }
        let action: Action = state.withLock { state in
            if !state.waiters.isEmpty {
                let waiter = state.waiters.removeFirst()
                return .resume(waiter.continuation, connection.map { .existing($0) } ?? .create)
            }
            guard let connection else {
                state.open -= 1
                return .none
            }
            if state.isClosed {
                state.open -= 1
                return .closeConnection(connection)
            }
            state.idle.append(connection)
            return .none
        }
        switch action {
        case .none: break
        case .closeConnection(let connection): Task { await connection.close() }
        case .resume(let continuation, let lease): continuation.resume(returning: lease)
        }
    }
}
