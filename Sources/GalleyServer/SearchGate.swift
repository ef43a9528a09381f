import Galley
import Synchronization

/// How many searches each person may run at once: a search is the costliest read, so one person's many
/// searches wait on themselves (429) instead of on everyone's connections.
final class SearchGate: Sendable {
    /// The most searches one person may run at once.
    let perPerson: Int
    private let running = Mutex([String: Int]())

    init(perPerson: Int) { self.perPerson = perPerson }

    /// Runs `body` as one of `person`'s searches, or refuses with 429 when they already run `perPerson`.
    func run<T: Sendable>(for person: String, _ body: () async throws -> T) async throws -> T {
        let admitted = running.withLock { running in
            guard running[person, default: 0] < perPerson else { return false }
            running[person, default: 0] += 1
            return true
        }
        guard admitted else {
            var problem = Problem(
                .tooManyRequests, "too-many-searches", "Too many searches",
                detail: "you have \(perPerson) searches running; wait for them to finish")
            problem.headers[.retryAfter] = "1"
            throw problem
        }
        defer {
            running.withLock { running in
                running[person, default: 1] -= 1
                if running[person] == 0 { running[person] = nil }
            }
        }
        return try await body()
    }
}
