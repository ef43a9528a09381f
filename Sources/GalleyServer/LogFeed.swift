import EventStore
import Galley
import Logging
import Postgres
public import ServiceLifecycle
import Synchronization

/// One tail of the log for every live feed a `galley serve` serves: each client costs memory, not a database
/// connection.
///
/// The feed follows the log from its head at start and keeps the latest events in a window. A client that
/// asks for events after a position inside the window is served from it and then live; one further back first
/// reads pages from the pool until it reaches the window; either way a client catches up a bounded batch at a
/// time, so one that does not read holds one batch, not its backlog. Each client's queue is bounded: one that
/// cannot keep up is told so and let go, rather than buffered without bound. The number of clients is capped, in
/// all and for each person.
public final class LogFeed: Service, Sendable {
    /// How many clients may follow at once, how many events the window keeps, how many batches a client may
    /// have waiting before it is let go, and how often an idle feed says it is still there.
    public struct Limits: Sendable {
        /// Clients at once; past it, 503.
        public var maxClients = 1_000
        /// Clients one person may have open at once; past it, 429, so that one person cannot take every place.
        public var maxClientsPerUser = 8
        /// Events kept in memory for clients that join a little behind.
        public var window = 10_000
        /// Batches waiting for one client before it is let go.
        public var clientQueue = 1_000
        /// How often a quiet feed sends a comment line.
        public var heartbeat: Duration = .seconds(15)

        /// The defaults.
        public init() {}
    }

    /// What a client receives: events, or a heartbeat while the log is quiet.
    enum Delivery: Sendable {
        case events([RecordedEvent])
        case heartbeat
    }

    private struct State {
        /// Every event after `base` up to the tail's checkpoint is in `recent`; nil until the tail has started.
        var base: Int64?
        var recent: [RecordedEvent] = []
        var clients: [Int: AsyncStream<Delivery>.Continuation] = [:]
        var nextID = 0
        var reserved = 0
        /// Places taken by each person.
        var reservedBy: [String: Int] = [:]
        var isStopped = false
        /// Clients let go because they fell behind, until they hear of it.
        var letGo: Set<Int> = []
    }

    let configuration: ConnectionConfiguration
    let limits: Limits
    let logger: Logger
    /// Hears every position the tail reaches: the newest of the log this process knows, for reads to wait on.
    let progress: ProjectionProgress?
    private let state = Mutex(State())

    init(
        configuration: ConnectionConfiguration, limits: Limits = Limits(), logger: Logger,
        progress: ProjectionProgress? = nil
    ) {
        self.configuration = configuration
        self.limits = limits
        self.logger = logger
        self.progress = progress
    }

    /// What asking for a place gave.
    enum Reservation: Equatable {
        case granted
        /// Every place is taken.
        case full
        /// The person holds as many places as one may.
        case fullForUser
    }

    /// Takes one of the clients' places for `user`, unless all are taken or the user holds their share.
    func reserve(for user: String) -> Reservation {
        state.withLock { state in
            guard state.reserved < limits.maxClients else { return .full }
            guard state.reservedBy[user, default: 0] < limits.maxClientsPerUser else { return .fullForUser }
            state.reserved += 1
            state.reservedBy[user, default: 0] += 1
            return .granted
        }
    }

    /// Whether the feed has stopped (graceful shutdown): no client can join any more.
    var isStopped: Bool { state.withLock { $0.isStopped } }

    /// How many feeds hold a place now.
    var openFeeds: Int { state.withLock { $0.reserved } }

    /// Gives `user`'s place back.
    func release(for user: String) {
        state.withLock { state in
            state.reserved -= 1
            let left = state.reservedBy[user, default: 1] - 1
            state.reservedBy[user] = left > 0 ? left : nil
        }
    }

    /// Up to `limit` events after `position` from the window; nil when the window does not reach back that far.
    func recent(after position: Int64, limit: Int) -> [RecordedEvent]? {
        state.withLock { state in
            guard let base = state.base, position >= base else { return nil }
            let first = Self.first(after: position, in: state.recent)
            return Array(state.recent[first..<min(first + limit, state.recent.count)])
        }
    }

    /// The index of the window's first event after `position`: positions in the window increase, so it is
    /// found by halving.
    private static func first(after position: Int64, in recent: [RecordedEvent]) -> Int {
        var (low, high) = (0, recent.count)
        while low < high {
            let middle = (low + high) / 2
            if recent[middle].position <= position { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The events after `position` if the window holds them all and they are at most `maxBacklog`, joining the
    /// live feed from there; nil when the client must first catch up further (from the window or the database).
    func join(after position: Int64, maxBacklog: Int) -> (
        backlog: [RecordedEvent], deliveries: AsyncStream<Delivery>, id: Int
    )? {
        let (stream, continuation) = AsyncStream.makeStream(
            of: Delivery.self, bufferingPolicy: .bufferingOldest(limits.clientQueue))
        let joined: (backlog: [RecordedEvent], id: Int)? = state.withLock { state in
            guard let base = state.base, position >= base, !state.isStopped else { return nil }
            let waiting = state.recent.count - Self.first(after: position, in: state.recent)
            guard waiting <= maxBacklog else { return nil }
            let id = state.nextID
            state.nextID += 1
            state.clients[id] = continuation
            return (Array(state.recent.suffix(waiting)), id)
        }
        guard let joined else { return nil }
        continuation.onTermination = { [weak self] _ in self?.leave(joined.id) }
        return (joined.backlog, stream, joined.id)
    }

    /// Lets a client go: its queue ends.
    func leave(_ id: Int) {
        let continuation = state.withLock { $0.clients.removeValue(forKey: id) }
        continuation?.finish()
    }

    /// Follows the log until graceful shutdown, handing every batch to every client.
    public func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.heartbeats() }
            await cancelWhenGracefulShutdown {
                // The tail reconnects by itself once it runs; this covers a database not reachable at start.
                while !Task.isCancelled {
                    do {
                        try await self.follow()
                    } catch {
                        self.logger.error("the live feed stopped; starting it again", metadata: ["error": "\(error)"])
                        try? await Task.sleep(for: .seconds(1))
                    }
                }
            }
            group.cancelAll()
        }
        let clients = state.withLock { state in
            state.isStopped = true
            return state.clients.values
        }
        for client in clients { client.finish() }
    }

    private func follow() async throws {
        // Started again after a failure, it goes on from the last event it holds, so no client misses one.
        let resume = state.withLock { state in state.base.map { state.recent.last?.position ?? $0 } }
        let start: Int64
        if let resume {
            start = resume
        } else {
            start = try await Connection.with(configuration) { try await EventStore.head(on: $0) }
            state.withLock { $0.base = start }
        }
        let tail = LogTail(configuration: configuration, after: start, until: .never, batchSize: 500, logger: logger)
        for try await batch in tail { publish(batch) }
    }

    private func publish(_ batch: [RecordedEvent]) {
        if let last = batch.last { progress?.saw(last.position) }
        let clients = state.withLock { state in
            state.recent += batch
            let excess = state.recent.count - limits.window
            if excess > 0 {
                state.base = state.recent[excess - 1].position
                state.recent.removeFirst(excess)
            }
            return state.clients
        }
        for (id, client) in clients {
            if case .dropped = client.yield(.events(batch)) { fellBehind(id) }
        }
    }

    /// A client whose queue is full: its queue ends after what is in it, and `wasLetGo` then says why.
    private func fellBehind(_ id: Int) {
        let client = state.withLock { state in
            state.letGo.insert(id)
            return state.clients.removeValue(forKey: id)
        }
        logger.notice("a live feed client fell behind and was let go", metadata: ["client": "\(id)"])
        client?.finish()
    }

    /// Whether the client's queue ended because it fell behind (asked once, when it has ended).
    func wasLetGo(_ id: Int) -> Bool { state.withLock { $0.letGo.remove(id) != nil } }

    private func heartbeats() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: limits.heartbeat)
            let clients = state.withLock { $0.clients.values }
            for client in clients { client.yield(.heartbeat) }
        }
    }
}
