import Dispatch
import Foundation
import Synchronization

/// Bounds the bcrypt checks of sign-ins: a few run at once, a few more wait their turn, and one client address has
/// at most a couple running or waiting; past either bound a try is refused at once instead of queueing.
///
/// A check costs a core for a quarter of a second, so unbounded tries from strangers would make a colleague's own
/// sign-in wait behind all of them; refused tries cost nothing. Tries from addresses with recent failures wait in
/// a queue of their own, served only when no try from a clean address waits, so that a flood of guesses from many
/// places still lets a person in promptly.
public final class PasswordCheckGate: Sendable {
    /// How many checks run at once, how many may wait, and how many one address may have running or waiting.
    public struct Limits: Sendable, Equatable {
        /// Checks running at once: one a core, as more would only share the cores.
        public var running = max(1, ProcessInfo.processInfo.activeProcessorCount)
        /// Checks waiting for a running one to end, in each of the two queues; past it, `SignInRefusal.busy`.
        public var waiting = 4 * max(1, ProcessInfo.processInfo.activeProcessorCount)
        /// Checks one client address may have running or waiting; past it, `SignInRefusal.tooManyAtOnce`.
        public var perAddress = 2

        /// The defaults.
        public init() {}
    }

    /// What a try is told when it asks for a turn.
    enum Turn: Sendable {
        case run, busy, tooManyAtOnce
    }

    private struct State {
        var running = 0
        /// Tries from addresses without recent failures, served first.
        var first: [CheckedContinuation<Turn, Never>] = []
        /// Tries from addresses with recent failures.
        var waiting: [CheckedContinuation<Turn, Never>] = []
        var perAddress: [String: Int] = [:]
    }

    /// The bounds.
    public let limits: Limits
    private let state = Mutex(State())

    /// Creates a gate with these bounds.
    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// How many checks wait for a turn now.
    var waiting: Int { state.withLock { $0.first.count + $0.waiting.count } }

    /// Runs `work` off the cooperative threads once a turn is free, for a try from `address` (`suspect` when it has
    /// failed lately); refuses at once when too many wait or this address already has its share.
    public func run<T: Sendable>(from address: String, suspect: Bool, _ work: @escaping @Sendable () -> T)
        async throws -> T
    {
        let turn: Turn = await withCheckedContinuation { continuation in
            let now: Turn? = state.withLock { state in
                guard state.perAddress[address, default: 0] < limits.perAddress else { return .tooManyAtOnce }
                if state.running < limits.running {
                    state.running += 1
                    state.perAddress[address, default: 0] += 1
                    return .run
                }
                guard (suspect ? state.waiting : state.first).count < limits.waiting else { return .busy }
                // Resumed with `.run` by the check that hands over its turn.
                if suspect { state.waiting.append(continuation) } else { state.first.append(continuation) }
                state.perAddress[address, default: 0] += 1
                return nil
            }
            if let now { continuation.resume(returning: now) }
        }
        switch turn {
        case .busy: throw SignInRefusal.busy
        case .tooManyAtOnce: throw SignInRefusal.tooManyAtOnce
        case .run: break
        }
        // bcrypt is deliberately slow: it runs on a thread of its own, not on the cooperative pool's few.
        let result = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
        let next: CheckedContinuation<Turn, Never>? = state.withLock { state in
            state.perAddress[address, default: 1] -= 1
            if state.perAddress[address] == 0 { state.perAddress[address] = nil }
            // The turn passes straight to the longest waiting try, a clean address's first, so that none jumps
            // its queue.
            if !state.first.isEmpty { return state.first.removeFirst() }
            guard !state.waiting.isEmpty else {
                state.running -= 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume(returning: .run)
        return result
    }
}
