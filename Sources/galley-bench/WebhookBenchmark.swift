import Editorial
import EventStore
import Foundation
import Galley
import Postgres

#if canImport(Glibc)
    import Glibc
#endif

/// Webhooks under a steady newsroom: 20 receivers on loopback and 50 publications a second, delivered by a real
/// `galley deliver`. Figures: commit to first attempt (the event's recorded time to its first arrival at each
/// receiver), p50 and p99, and deliveries a second; then the same with one more receiver that never answers,
/// whose neighbours' figures should not move (the first run is the second's baseline). Last, how fast a backlog
/// drains: the deliverer stopped while stories are published, then started.
struct WebhookBenchmark {
    let database: BenchmarkDatabase
    let receivers: Int
    let rate: Int
    let seconds: Int
    let galley: String

    struct Figure {
        var p50: Double
        var p99: Double
        var perSecond: Double
        var missing: Int
    }

    func run() async throws {
        let pool = ConnectionPool(configuration: database.configuration, maxConnections: 8)
        let newsroom = Newsroom(pool: pool)
        let reporter = try await newsroom.users.add("ana", roles: [.reporter], by: "bench")
        let editor = try await newsroom.users.add("bo", roles: [.editor], by: "bench")
        let checker = try await newsroom.users.add("cy", roles: [.factChecker], by: "bench")
        let stories = rate * seconds
        FileHandle.standardError.write(Data("webhooks: readying \(stories * 2 + 400) stories\n".utf8))
        var ready: [String] = []
        for number in 0..<(stories * 2 + 400) {
            let content = ArticleContent(
                headline: "Ferry timetable \(number)", bylines: ["Ana Reis"],
                body: ["The ferry runs at night from March.", "Tickets cost the same."], slug: "ferry-\(number)",
                desk: "city")
            let id = try await newsroom.draft(content, by: reporter).articleID
            try await newsroom.perform(.submit, on: id, by: reporter)
            try await newsroom.perform(.sendToFactCheck, on: id, by: editor)
            try await newsroom.perform(.approveWithNoClaims, on: id, by: checker)
            ready.append(id)
        }
        let endpoints = WebhookEndpoints(pool: pool)
        let subscribers = SubscriberDirectory(pool: pool)
        let product = try SubscriberProduct(desks: ["city"])
        var answering: [BenchReceiver] = []
        for number in 0..<receivers {
            let receiver = try await BenchReceiver.start(answers: true)
            _ = try await subscribers.add("partner-\(number)", product: product, by: "bench")
            _ = try await endpoints.add(
                subscriber: "partner-\(number)", url: "http://127.0.0.1:\(receiver.port)/hook",
                address: WebhookAddress(allowsPrivate: true))
            answering.append(receiver)
        }
        let deliverer = try startDeliverer()
        let baseline = try await measure(
            Array(ready[0..<stories]), answering, newsroom: newsroom, editor: editor, pool: pool)

        let silent = try await BenchReceiver.start(answers: false)
        _ = try await subscribers.add("silent", product: product, by: "bench")
        let (dead, _) = try await endpoints.add(
            subscriber: "silent", url: "http://127.0.0.1:\(silent.port)/hook",
            address: WebhookAddress(allowsPrivate: true))
        let withDead = try await measure(
            Array(ready[stories..<(stories * 2)]), answering, newsroom: newsroom, editor: editor, pool: pool)
        try await endpoints.remove(dead.id)
        await Self.stop(deliverer)

        // A backlog: 400 publications queued while no deliverer runs, then drained.
        let backlog = Array(ready[(stories * 2)...])
        for id in backlog { try await newsroom.perform(.publish(at: nil), on: id, by: editor) }
        let before = answering.map(\.count).reduce(0, +)
        let start = ContinuousClock.now
        let drainer = try startDeliverer()
        let expected = before + backlog.count * receivers
        while answering.map(\.count).reduce(0, +) < expected, ContinuousClock.now - start < .seconds(120) {
            try await Task.sleep(for: .milliseconds(20))
        }
        let drained =
            Double(answering.map(\.count).reduce(0, +) - before) / Measure.seconds(ContinuousClock.now - start)
        await Self.stop(drainer)
        for receiver in answering { await receiver.close() }
        await silent.close()
        await pool.close()

        print("webhooks: \(receivers) receivers, \(rate) publications a second for \(seconds) s, galley deliver")
        print(
            String(
                format:
                    "  commit to first attempt   p50 %.1f ms, p99 %.1f ms; %.0f deliveries/s; %d missing (target p99 < 1 s)",
                baseline.p50, baseline.p99, baseline.perSecond, baseline.missing))
        print(
            String(
                format:
                    "  + one that never answers  p50 %.1f ms, p99 %.1f ms; %.0f deliveries/s; %d missing; p99 ratio %.2fx",
                withDead.p50, withDead.p99, withDead.perSecond, withDead.missing, withDead.p99 / baseline.p99))
        print(
            String(
                format: "  backlog of %d deliveries drained at %.0f deliveries/s", backlog.count * receivers, drained))
    }

    /// SIGTERM, and SIGKILL when it has not stopped within five seconds (an attempt may hang until its timeout).
    static func stop(_ process: Process) async {
        process.terminate()
        let deadline = ContinuousClock.now + .seconds(5)
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    private func startDeliverer() throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: galley)
        process.arguments = ["deliver", "--webhooks-allow-private"]
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["GALLEY_DATABASE_URL": database.configuration.conninfo]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Publishes `ids` at `rate` a second and measures, for every receiver, each event's commit to first arrival.
    private func measure(
        _ ids: [String], _ receivers: [BenchReceiver], newsroom: Newsroom, editor: User, pool: ConnectionPool
    ) async throws -> Figure {
        let before = receivers.map(\.firstArrivals)
        let start = ContinuousClock.now
        var positions: [Int64] = []
        try await withThrowingTaskGroup(of: Int64.self) { group in
            for (index, id) in ids.enumerated() {
                try await Task.sleep(until: start + .milliseconds(index * 1_000 / rate))
                group.addTask {
                    let handled = try await newsroom.perform(.publish(at: nil), on: id, by: editor)
                    return handled.positions.last ?? 0
                }
            }
            for try await position in group { positions.append(position) }
        }
        let wanted = Set(positions.map { "msg_\($0)" })
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline,
            receivers.contains(where: { receiver in wanted.contains { receiver.firstArrivals[$0] == nil } })
        {
            try await Task.sleep(for: .milliseconds(50))
        }
        let elapsed = Measure.seconds(ContinuousClock.now - start)
        // When each publication was committed, read through the store (the log's tables are its alone).
        var committed: [String: Date] = [:]
        let store = EventStore(pool: pool)
        var after = (positions.min() ?? 1) - 1
        let last = positions.max() ?? 0
        while after < last {
            let batch = try await store.readAll(after: after, limit: 1_000)
            guard let end = batch.last?.position else { break }
            for event in batch where wanted.contains("msg_\(event.position)") {
                committed["msg_\(event.position)"] = event.recordedAt
            }
            after = end
        }
        var latencies: [Double] = []
        var missing = 0
        var delivered = 0
        for (index, receiver) in receivers.enumerated() {
            let arrivals = receiver.firstArrivals
            delivered += arrivals.count - before[index].count
            for id in wanted {
                guard let arrived = arrivals[id], let at = committed[id] else {
                    missing += 1
                    continue
                }
                latencies.append(arrived.timeIntervalSince(at) * 1_000)
            }
        }
        latencies.sort()
        return Figure(
            p50: Measure.percentile(latencies, 0.5), p99: Measure.percentile(latencies, 0.99),
            perSecond: Double(delivered) / elapsed, missing: missing)
    }
}
