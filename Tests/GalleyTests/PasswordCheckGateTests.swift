import Dispatch
import Synchronization
import Testing

@testable import Galley

@Suite("The bound on bcrypt checks: a few run, a few wait, the rest are refused at once")
struct PasswordCheckGateTests {
    /// Work that holds its turn until let go, and says when it has started.
    final class HeldWork: Sendable {
        let release = DispatchSemaphore(value: 0)
        let started = Atomic<Int>(0)

        func run() -> Int {
            started.add(1, ordering: .relaxed)
            release.wait()
            return 1
        }
    }

    /// The order in which work ran.
    final class Order: Sendable {
        let names = Mutex<[String]>([])

        func ran(_ name: String) { names.withLock { $0.append(name) } }
    }

    static func eventually(_ condition: () -> Bool) async throws {
        for _ in 0..<500 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
        #expect(condition())
    }

    @Test("past the running and waiting bounds a try is busy; past its address's share, too many at once")
    func bounds() async throws {
        var limits = PasswordCheckGate.Limits()
        limits.running = 1
        limits.waiting = 1
        limits.perAddress = 1
        let gate = PasswordCheckGate(limits: limits)
        let work = HeldWork()
        let running = Task { try await gate.run(from: "192.0.2.1", suspect: false) { work.run() } }
        try await Self.eventually { work.started.load(ordering: .relaxed) == 1 }
        let waiting = Task { try await gate.run(from: "192.0.2.2", suspect: true) { 2 } }
        try await Self.eventually { gate.waiting == 1 }
        await #expect(throws: SignInRefusal.busy) { try await gate.run(from: "192.0.2.3", suspect: true) { 3 } }
        await #expect(throws: SignInRefusal.tooManyAtOnce) {
            try await gate.run(from: "192.0.2.1", suspect: false) { 4 }
        }
        // The turn passes to the waiting try once the running one ends; then each address may try again.
        work.release.signal()
        #expect(try await running.value == 1)
        #expect(try await waiting.value == 2)
        #expect(try await gate.run(from: "192.0.2.1", suspect: false) { 5 } == 5)
        #expect(gate.waiting == 0)
    }

    @Test("a try from an address without recent failures is served before those from addresses that failed lately")
    func cleanFirst() async throws {
        var limits = PasswordCheckGate.Limits()
        limits.running = 1
        limits.waiting = 1
        let gate = PasswordCheckGate(limits: limits)
        let work = HeldWork()
        let order = Order()
        let running = Task { try await gate.run(from: "192.0.2.1", suspect: true) { work.run() } }
        try await Self.eventually { work.started.load(ordering: .relaxed) == 1 }
        let guess = Task {
            try await gate.run(from: "192.0.2.2", suspect: true) { order.ran("guess") }
        }
        try await Self.eventually { gate.waiting == 1 }
        // The suspects' queue is full, the clean one is not.
        await #expect(throws: SignInRefusal.busy) { try await gate.run(from: "192.0.2.3", suspect: true) { () } }
        let person = Task {
            try await gate.run(from: "198.51.100.1", suspect: false) { order.ran("person") }
        }
        try await Self.eventually { gate.waiting == 2 }
        work.release.signal()
        _ = try await (running.value, guess.value, person.value)
        #expect(order.names.withLock { $0 } == ["person", "guess"])
    }
}
