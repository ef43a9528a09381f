import Foundation
import Synchronization

/// What a `galley serve` knows in memory of its read models: the position each projection it runs has
/// committed, and the newest position of the log it has seen (its own appends and its tail of the log), so that
/// a read waits for the projections without asking PostgreSQL.
public final class ProjectionProgress: Sendable {
    private struct State {
        var committed: [String: Int64] = [:]
        var running: Set<String> = []
        var seen: Int64 = 0
        var waiters: [(id: Int, target: Int64, continuation: CheckedContinuation<Void, Never>)] = []
        var nextWaiter = 0
    }

    private let names: [String]
    private let state = Mutex(State())

    /// Progress of the projections named.
    public init(projections: [String]) { names = projections }

    /// A projection's subscription began (true) or stopped (false) running in this process.
    func running(_ name: String, _ isRunning: Bool) {
        state.withLock { state in
            if isRunning { state.running.insert(name) } else { state.running.remove(name) }
        }
    }

    /// A projection committed everything up to `position`.
    func committed(_ name: String, through position: Int64) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.committed[name] = max(state.committed[name] ?? 0, position)
            state.seen = max(state.seen, position)
            let low = lowest(state)
            let ready = state.waiters.filter { $0.target <= low }.map(\.continuation)
            state.waiters.removeAll { $0.target <= low }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }

    /// The log has reached at least `position` (an append of this process, or its tail).
    public func saw(_ position: Int64) {
        state.withLock { $0.seen = max($0.seen, position) }
    }

    /// The newest position of the log this process has seen.
    public var seen: Int64 { state.withLock { $0.seen } }

    /// Whether this process runs every projection, so that its memory says where they stand.
    public var runsAll: Bool { state.withLock { $0.running.count == names.count } }

    /// How far the slowest projection is behind what this process has seen of the log.
    public var lag: Int64 { state.withLock { max(0, $0.seen - lowest($0)) } }

    /// Waits until every projection has committed what this process has seen of the log, at most `timeout`;
    /// returns how far behind they still are (0 when caught up).
    public func waitForReadModels(timeout: Duration) async -> Int64 {
        let (target, id, done) = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return (state.seen, state.nextWaiter, lowest(state) >= state.seen)
        }
        if done { return 0 }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let now = self.state.withLock { state -> Bool in
                        if self.lowest(state) >= target { return true }
                        state.waiters.append((id, target, continuation))
                        return false
                    }
                    if now { continuation.resume() }
                }
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
            // This read's waiter, left behind by the timeout, is released at once: it waits on nothing any more.
            let stale = self.state.withLock { state -> [CheckedContinuation<Void, Never>] in
                let waiting = state.waiters.filter { $0.id == id }.map(\.continuation)
                state.waiters.removeAll { $0.id == id }
                return waiting
            }
            for continuation in stale { continuation.resume() }
            await group.waitForAll()
        }
        return lag
    }

    private func lowest(_ state: State) -> Int64 {
        names.map { state.committed[$0] ?? 0 }.min() ?? 0
    }
}
