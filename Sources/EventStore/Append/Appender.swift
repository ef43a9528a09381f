import Postgres
import Synchronization

/// Gathers appends that arrive together and commits them in groups, without a background task.
///
/// A caller queues its request; if fewer than `maxConcurrentCommits` groups are being committed, the caller
/// becomes a committer: it takes what is queued (up to `maxGroupEvents`, passing over streams in a group under
/// way), commits it as one group and hands every waiting caller its own outcome; while requests are still
/// queued, a task takes its place over. A lone writer therefore commits its own request at once; many writers
/// share commits. No caller hears back before its events are durable.
///
/// A stream that another transaction holds (a session left open after writing to it) must not stall the
/// others: a group waits at most `groupLockTimeout` for a lock, so its other commands commit in their usual
/// time, and a command whose stream is held is then committed alone, off the groups' places, waiting at most
/// `lockTimeout` before it fails with `EventStoreError.streamHeld`. Each held command found in a group cost that
/// group (and every command queued behind it) the group's lock wait twice over, so a command for a stream that
/// already has one waiting alone joins it at once, never a group. At most `maxWaitingAlone` wait alone at once,
/// so that they leave connections for the others; past it a held stream's command fails at once.
///
/// Two groups under way never share a stream: a command whose stream is in a group being committed stays
/// queued until that group is done. Otherwise one group would wait for the other's lock, and on a loaded
/// machine a commit of our own that outlasts `groupLockTimeout` would look like a stream held from outside.
final class Appender: Sendable {
    let pool: ConnectionPool
    let maxConcurrentCommits: Int
    let maxGroupEvents: Int
    let lockTimeout: Duration
    let groupLockTimeout: Duration
    /// The most commands that wait alone at once, each on a connection of its own: half the pool, so that
    /// commands on held streams cannot take every connection from the others'. Past it, one fails at once.
    let maxWaitingAlone: Int
    private let state = Mutex(State())

    /// Where `append` sends a request.
    private enum Route {
        case commit, queued, alone, refused
    }

    private struct State {
        var queue: [(request: AppendRequest, outcome: Outcome)] = []
        var committers = 0
        /// When each group commit under way started.
        var groupsStarted: [Int: ContinuousClock.Instant] = [:]
        var nextGroup = 0
        /// How many commands wait alone on a held stream.
        var waitingOnHeld = 0
        /// The streams those commands wait on, with how many wait on each. Another command for one of them
        /// goes straight to waiting alone: in a group it would only be found held again, after the group had
        /// waited for it, and every command queued behind it with it.
        var heldStreams: [String: Int] = [:]
        /// The streams of the groups being committed, with how many commands of those groups are on each.
        var committing: [String: Int] = [:]

        /// Counts a command as waiting alone on `stream`, unless `limit` commands already do.
        mutating func countAlone(_ stream: String, limit: Int) -> Bool {
            guard waitingOnHeld < limit else { return false }
            waitingOnHeld += 1
            heldStreams[stream, default: 0] += 1
            return true
        }

        mutating func uncountAlone(_ stream: String) {
            waitingOnHeld -= 1
            let left = (heldStreams[stream] ?? 1) - 1
            heldStreams[stream] = left > 0 ? left : nil
        }
    }

    init(
        pool: ConnectionPool, maxConcurrentCommits: Int, maxGroupEvents: Int, lockTimeout: Duration,
        groupLockTimeout: Duration
    ) {
        self.pool = pool
        self.maxConcurrentCommits = maxConcurrentCommits
        self.maxGroupEvents = maxGroupEvents
        self.lockTimeout = lockTimeout
        self.groupLockTimeout = groupLockTimeout
        self.maxWaitingAlone = max(1, pool.maxConnections / 2)
    }

    /// How the commit path fares: commands waiting on held streams, and how long the oldest group commit under
    /// way has been running (a healthy one takes milliseconds).
    var health: AppendHealth {
        state.withLock { state in
            AppendHealth(
                waitingOnHeldStreams: state.waitingOnHeld,
                longestGroupCommit: state.groupsStarted.values.min().map { .now - $0 } ?? .zero)
        }
    }

    func append(_ request: AppendRequest) async throws -> AppendResult {
        let outcome = Outcome()
        let route = state.withLock { state -> Route in
            // Checked and counted under one lock, so the stream cannot be let go of in between.
            if state.heldStreams[request.stream] != nil {
                return state.countAlone(request.stream, limit: maxWaitingAlone) ? .alone : .refused
            }
            state.queue.append((request, outcome))
            guard state.committers < maxConcurrentCommits else { return .queued }
            state.committers += 1
            return .commit
        }
        switch route {
        case .commit: await commitQueued()
        case .queued: break
        case .alone: startAlone((request, outcome))
        case .refused: throw EventStoreError.streamHeld(stream: request.stream, waited: .zero)
        }
        return try await outcome.value()
    }

    /// Commits one group, then hands the commit place on (see `handOver`) or gives it up.
    private func commitQueued() async {
        guard let group = takeGroup() else { return }
        let results: [Result<AppendResult, any Error>]
        let id = state.withLock { state in
            defer { state.nextGroup += 1 }
            state.groupsStarted[state.nextGroup] = .now
            return state.nextGroup
        }
        do {
            let (requests, limit) = (group.map(\.request), groupLockTimeout)
            results = try await pool.withSession { GroupCommit.commit(requests, on: $0, lockTimeout: limit) }
        } catch {
            results = group.map { _ in .failure(error) }
        }
        state.withLock { state in
            state.groupsStarted[id] = nil
            for entry in group {
                let left = (state.committing[entry.request.stream] ?? 1) - 1
                state.committing[entry.request.stream] = left > 0 ? left : nil
            }
        }
        for (entry, result) in zip(group, results) {
            if case .failure(EventStoreError.streamHeld) = result, lockTimeout > groupLockTimeout,
                state.withLock({ $0.countAlone(entry.request.stream, limit: maxWaitingAlone) })
            {
                startAlone(entry)
            } else {
                entry.outcome.fulfil(result)
            }
        }
        // The caller who took this place goes back to its own work once a group is committed: a task takes
        // the place over for whoever queued meanwhile. A caller that went on committing others' groups could
        // not send its next command, which left only the committers' writers busy.
        if handOver() { Task { await self.commitQueued() } }
    }

    /// Whether commands are waiting for this commit place; if none are, the place is given up.
    private func handOver() -> Bool {
        state.withLock { state in
            if state.queue.isEmpty { state.committers -= 1 }
            return !state.queue.isEmpty
        }
    }

    /// Commits one command whose stream is held, in a task of its own so that the groups go on meanwhile; the
    /// caller has counted it as waiting alone.
    private func startAlone(_ entry: (request: AppendRequest, outcome: Outcome)) {
        let (pool, limit) = (pool, lockTimeout)
        Task {
            let result: Result<AppendResult, any Error>
            do {
                result = try await pool.withSession { GroupCommit.commit([entry.request], on: $0, lockTimeout: limit) }[
                    0]
            } catch {
                result = .failure(error)
            }
            state.withLock { $0.uncountAlone(entry.request.stream) }
            entry.outcome.fulfil(result)
        }
    }

    /// Takes the next group from the queue, in order, passing over commands whose stream is in a group under
    /// way (they wait for the next group; the committer of that group hands its place on while any are queued).
    /// Nil, and the commit place given up, when nothing can be taken.
    private func takeGroup() -> [(request: AppendRequest, outcome: Outcome)]? {
        state.withLock { state in
            var events = 0
            var full = false
            var group: [(request: AppendRequest, outcome: Outcome)] = []
            var left: [(request: AppendRequest, outcome: Outcome)] = []
            for entry in state.queue {
                // Once a command does not fit, none after it is taken, so no stream's commands are reordered.
                full = full || (!group.isEmpty && events + entry.request.events.count > maxGroupEvents)
                if full || state.committing[entry.request.stream] != nil {
                    left.append(entry)
                } else {
                    events += entry.request.events.count
                    group.append(entry)
                }
            }
            guard !group.isEmpty else {
                state.committers -= 1
                return nil
            }
            for entry in group { state.committing[entry.request.stream, default: 0] += 1 }
            state.queue = left
            return group
        }
    }
}

/// One caller's result, set once by whichever task committed its request.
final class Outcome: Sendable {
    private enum State {
        case pending
        case waiting(CheckedContinuation<AppendResult, any Error>)
        case done(Result<AppendResult, any Error>)
    }

    private let state = Mutex(State.pending)

    func fulfil(_ result: Result<AppendResult, any Error>) {
        let waiter: CheckedContinuation<AppendResult, any Error>? = state.withLock { state in
            defer { state = .done(result) }
            if case .waiting(let continuation) = state { return continuation }
            return nil
        }
        waiter?.resume(with: result)
    }

    func value() async throws -> AppendResult {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<AppendResult, any Error>? = state.withLock { state in
                if case .done(let result) = state { return result }
                state = .waiting(continuation)
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}

/// How the store's commit path fares, for a readiness check.
public struct AppendHealth: Sendable, Hashable {
    /// Commands waiting, each alone, on a stream another transaction holds.
    public var waitingOnHeldStreams: Int
    /// How long the oldest group commit under way has been running.
    public var longestGroupCommit: Duration
}
