import Galley
import HTTPTypes
import Synchronization

/// How many searches each person may run at once: a search is the costliest read, so one person's many
/// searches wait on themselves instead of on everyone's connections and cores.
final class SearchGate: Sendable {
    /// The most searches one person may run at once.
    let perPerson: Int
    /// How long a search past that waits for one of the person's own to finish before it is refused (429). The
    /// wait costs nothing, and it paces a client that ignores `Retry-After` to its own searches.
    let wait: Duration
    private let running = Mutex([String: Int]())

    init(perPerson: Int, wait: Duration = .seconds(2)) {
        self.perPerson = perPerson
        self.wait = wait
    }

    /// Runs `body` as one of `person`'s searches, or refuses with 429 when they still run `perPerson` after
    /// `wait`.
    func run<T: Sendable>(for person: String, _ body: () async throws -> T) async throws -> T {
        let deadline = ContinuousClock.now + wait
        while !admit(person) {
            guard ContinuousClock.now < deadline else {
                throw Problem(
                    .tooManyRequests, "too-many-searches", "Too many searches",
                    detail: perPerson == 1
                        ? "you have a search running; wait for it to finish"
                        : "you have \(perPerson) searches running; wait for one to finish"
                ).retrying(after: 1)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        defer {
            running.withLock { running in
                running[person, default: 1] -= 1
                if running[person] == 0 { running[person] = nil }
            }
        }
        return try await body()
    }

    private func admit(_ person: String) -> Bool {
        running.withLock { running in
            guard running[person, default: 0] < perPerson else { return false }
            running[person, default: 0] += 1
            return true
        }
    }
}
