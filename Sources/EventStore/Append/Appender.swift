import Postgres
import Synchronization

/// Gathers appends that arrive together and commits them in groups, without a background task.
///
/// A caller queues its request; if fewer than `maxConcurrentCommits` groups are being committed, the caller
/// becomes a committer: it takes everything queued (its own request included), commits it as one group, hands
/// every waiting caller its own outcome, and repeats until the queue is empty. A lone writer therefore commits
/// its own request at once; many writers share commits. No caller hears back before its events are durable.
final class Appender: Sendable {
    let pool: ConnectionPool
    let maxConcurrentCommits: Int
    let maxGroupEvents: Int
    private let state = Mutex(State())

    private struct State {
        var queue: [(request: AppendRequest, outcome: Outcome)] = []
        var committers = 0
    }

    init(pool: ConnectionPool, maxConcurrentCommits: Int, maxGroupEvents: Int) {
        self.pool = pool
        self.maxConcurrentCommits = maxConcurrentCommits
        self.maxGroupEvents = maxGroupEvents
    }

    func append(_ request: AppendRequest) async throws -> AppendResult {
        let outcome = Outcome()
        let commits = state.withLock { state in
            state.queue.append((request, outcome))
            guard state.committers < maxConcurrentCommits else { return false }
            state.committers += 1
            return true
        }
        if commits { await commitQueued() }
        return try await outcome.value()
    }

    private func commitQueued() async {
        while let group = takeGroup() {
            let results: [Result<AppendResult, any Error>]
            do {
                let requests = group.map(\.request)
                results = try await pool.withSession { GroupCommit.commit(requests, on: $0) }
            } catch {
                results = group.map { _ in .failure(error) }
            }
            for (entry, result) in zip(group, results) { entry.outcome.fulfil(result) }
        }
    }

    private func takeGroup() -> [(request: AppendRequest, outcome: Outcome)]? {
        state.withLock { state in
            guard !state.queue.isEmpty else {
                state.committers -= 1
                return nil
            }
            var events = 0
            var taken = 0
            for entry in state.queue {
                if taken > 0 && events + entry.request.events.count > maxGroupEvents { break }
                events += entry.request.events.count
                taken += 1
            }
            defer { state.queue.removeFirst(taken) }
            return Array(state.queue.prefix(taken))
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
