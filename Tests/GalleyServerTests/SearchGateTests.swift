import HTTPTypes
import Testing

@testable import GalleyServer

@Suite("Searches per person")
struct SearchGateTests {
    @Test("a person's second search waits for their first, past the wait it is 429; others are not held")
    func onePerPerson() async throws {
        // The default wait: the waiting search below has all of it for the first to hand its place over.
        let gate = SearchGate(perPerson: 1, wait: .seconds(2))
        let (released, release) = AsyncStream.makeStream(of: Void.self)
        let (hasStarted, started) = AsyncStream.makeStream(of: Void.self)
        let first = Task {
            try await gate.run(for: "aud") {
                started.yield()
                for await _ in released { break }
                return "first"
            }
        }
        for await _ in hasStarted { break }
        do {
            _ = try await gate.run(for: "aud") { "second" }
            Issue.record("a second search while the first ran was let through")
        } catch let problem as Problem {
            #expect(problem.status == .tooManyRequests)
            #expect(problem.type == "urn:galley:problem:too-many-searches")
            #expect(problem.headers[.retryAfter] == "1")
        }
        #expect(try await gate.run(for: "bo") { "another person" } == "another person")
        // The waiting one gets the place as soon as the first finishes.
        let waiting = Task { try await gate.run(for: "aud") { "waited" } }
        try await Task.sleep(for: .milliseconds(50))
        release.yield()
        #expect(try await first.value == "first")
        #expect(try await waiting.value == "waited")
    }
}
