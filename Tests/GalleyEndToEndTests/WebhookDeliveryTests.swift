import Editorial
import Foundation
import Galley
import Postgres
import TestSupport
import Testing

/// Webhooks through a real `galley serve` and real receivers that verify each signature with the official
/// Standard Webhooks package: what goes out, signed how, retried when, and what a crash or a dead receiver costs.
@Suite("Webhooks", .serialized)
struct WebhookDeliveryTests {
    /// A newsroom of three in a fresh database, a receiver, and a way to run `galley` and `galley serve`.
    struct Bench {
        let configuration: ConnectionConfiguration
        let pool: ConnectionPool
        let newsroom: Newsroom
        let receiver: WebhookReceiver
        let users: (reporter: User, editor: User, checker: User)

        var environment: [String: String] { ["GALLEY_DATABASE_URL": configuration.conninfo] }

        func galley(_ arguments: [String]) async throws -> CommandRun {
            try await CommandRun.galley(arguments, environment: environment, input: nil)
        }

        /// Adds a subscriber receiving `desk`, unless it is there already.
        func subscriber(_ name: String, desk: String = "city", embargoPartner: Bool = false) async throws {
            let directory = SubscriberDirectory(pool: pool)
            guard try await directory.find(name) == nil else { return }
            _ = try await directory.add(
                name, product: try SubscriberProduct(desks: [desk], embargoPartner: embargoPartner), by: "admin")
        }

        /// Adds an endpoint for `subscriber` (added, for the city desk, if missing) at receiver path `name`, giving
        /// the receiver its secret.
        @discardableResult
        func endpoint(_ subscriber: String, _ name: String) async throws -> String {
            try await self.subscriber(subscriber)
            let added = try await galley(
                ["subscribers", "endpoint", "add", subscriber, receiver.url(name), "--allow-private"])
            #expect(added.status == 0, "\(added.errorOutput)")
            let secret = added.output.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(secret.hasPrefix("whsec_"))
            try receiver.accept(name, secrets: [secret])
            let id = try #require(added.errorOutput.firstMatch(of: /added endpoint (ep_[0-9a-f]+)/)?.1)
            return String(id)
        }

        /// `galley serve` delivering webhooks to loopback, with retries `delays` seconds apart.
        func serve(delays: String = "0.2,0.2,0.2,0.2", timeout: String = "2", concurrency: Int = 4) async throws
            -> ServerProcess
        {
            try await ServerProcess.start(
                environment: environment,
                arguments: [
                    "--webhooks-allow-private", "--webhook-retry-delays", delays, "--webhook-timeout", timeout,
                    "--webhook-concurrency", String(concurrency),
                ])
        }

        /// Drafts, checks and publishes a story (at `at`, or now); returns its id.
        func publish(_ slug: String, at: Date? = nil) async throws -> String {
            let content = ArticleContent(
                headline: "Story \(slug)", bylines: ["Ana Reis"], body: ["The ferry runs at night."], slug: slug,
                desk: "city")
            let id = try await newsroom.draft(content, by: users.reporter).articleID
            try await newsroom.perform(.submit, on: id, by: users.reporter)
            try await newsroom.perform(.sendToFactCheck, on: id, by: users.editor)
            try await newsroom.perform(.approveWithNoClaims, on: id, by: users.checker)
            try await newsroom.perform(.publish(at: at), on: id, by: users.editor)
            return id
        }

        func correct(_ id: String) async throws {
            try await newsroom.perform(
                .correct(kind: .correction, text: "The ferry runs on weekdays.", change: ContentChange()), on: id,
                by: users.editor)
        }
    }

    func withBench(_ body: (Bench) async throws -> Void) async throws {
        try await TestDatabase.withFresh(migrated: true) { configuration in
            let pool = ConnectionPool(configuration: configuration, maxConnections: 4)
            let receiver = try await WebhookReceiver.start()
            do {
                let newsroom = Newsroom(pool: pool)
                let users = (
                    try await newsroom.users.add("ana", roles: [.reporter], by: "admin"),
                    try await newsroom.users.add("bo", roles: [.editor], by: "admin"),
                    try await newsroom.users.add("cy", roles: [.factChecker], by: "admin")
                )
                try await body(
                    Bench(
                        configuration: configuration, pool: pool, newsroom: newsroom, receiver: receiver,
                        users: users))
            } catch {
                receiver.stop()
                await pool.close()
                throw error
            }
            receiver.stop()
            await pool.close()
        }
    }

    @Test("published, corrected, retracted and taken down go to every endpoint, signed, in order, each with one id")
    func lifecycle() async throws {
        try await withBench { bench in
            try await bench.endpoint("wire", "a")
            try await bench.endpoint("wire", "b")
            let server = try await bench.serve()
            let id = try await bench.publish("ferry")
            try await bench.correct(id)
            try await bench.newsroom.perform(.retract(reason: "Wrong ferry."), on: id, by: bench.users.editor)
            try await bench.newsroom.perform(.takedown(reason: "Court order."), on: id, by: bench.users.editor)
            for name in ["a", "b"] {
                let got = try await bench.receiver.wait(name) { $0.count >= 4 }
                #expect(
                    got.map(\.type) == ["story.published", "story.corrected", "story.retracted", "story.taken_down"])
                #expect(got.allSatisfy { $0.verified && $0.story == id }, "\(got.map(\.error))")
                #expect(Set(got.compactMap(\.id)).count == 4)
            }
            #expect(bench.receiver.deliveries("a").map(\.id) == bench.receiver.deliveries("b").map(\.id))
            let log = try await bench.galley(["subscribers", "deliveries", "wire", "--json"])
            #expect(log.status == 0, "\(log.errorOutput)")
            let attempts = log.output.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            #expect(attempts.count == 8 && attempts.allSatisfy { $0["status"] as? Int == 200 })
            #expect(attempts.allSatisfy { $0["state"] as? String == "delivered" && $0["attempt"] as? Int == 1 })
            _ = await server.stop()
        }
    }

    @Test("embargoed: to an embargo partner at once, marked so; to others at its public time, unless spiked first")
    func embargo() async throws {
        try await withBench { bench in
            try await bench.subscriber("early", embargoPartner: true)
            try await bench.subscriber("sport", desk: "sport")
            try await bench.endpoint("wire", "a")
            try await bench.endpoint("early", "partner")
            try await bench.endpoint("sport", "sport")
            let server = try await bench.serve()
            let later = try await bench.publish("later", at: Date().addingTimeInterval(4))
            let spiked = try await bench.publish("spiked", at: Date().addingTimeInterval(3))
            try await bench.newsroom.perform(.spike(reason: "Held."), on: spiked, by: bench.users.editor)
            let early = try await bench.receiver.wait("partner") { $0.count >= 2 }
            #expect(early.map(\.story) == [later, spiked] && early.allSatisfy { $0.embargoed != nil })
            #expect(bench.receiver.deliveries("a").isEmpty, "nothing before its public time")
            let got = try await bench.receiver.wait("a") { !$0.isEmpty }
            #expect(got.map(\.story) == [later] && got.first?.embargoed == nil)
            // The row is due from when it was queued; its state moves to delivered only after the receiver has
            // answered, which a loaded machine may not have recorded yet.
            let publicAt = try #require(
                try await bench.pool.query(
                    "SELECT due_at FROM webhook_deliveries WHERE story_id = $1 "
                        + "AND endpoint_id IN (SELECT id FROM webhook_endpoints WHERE subscriber = 'wire')", [later]
                ).first?.decode("due_at", as: Date.self))
            #expect(try #require(got.first?.receivedAt) >= publicAt.timeIntervalSince1970)
            try await Task.sleep(for: .seconds(1))
            #expect(bench.receiver.deliveries("a").count == 1, "the spiked story never went")
            #expect(bench.receiver.deliveries("sport").isEmpty, "a city story is not in the sport desk's product")
            _ = await server.stop()
        }
    }

    @Test("503 with Retry-After is tried again when it asks, with the same webhook-id, and the log shows both")
    func retryAfter() async throws {
        try await withBench { bench in
            try await bench.endpoint("wire", "a")
            try bench.receiver.answer("a", "status 503 2")
            // The schedule alone would wait a minute: only Retry-After explains a second attempt within seconds.
            let server = try await bench.serve(delays: "60,60")
            _ = try await bench.publish("ferry")
            _ = try await bench.receiver.wait("a") { $0.count >= 1 }
            try bench.receiver.answer("a", "ok")
            let got = try await bench.receiver.wait("a", timeout: .seconds(10)) { $0.count >= 2 }
            #expect(got.map(\.answered) == [503, 200])
            #expect(got[0].id == got[1].id)
            #expect(got[1].receivedAt - got[0].receivedAt >= 1.9)
            let log = try await bench.galley(["subscribers", "deliveries", "wire"])
            #expect(log.output.contains("answered 503"), "\(log.output)")
            _ = await server.stop()
        }
    }

    @Test("a receiver that answers 410 is disabled and says so; its neighbours carry on")
    func gone() async throws {
        try await withBench { bench in
            let gone = try await bench.endpoint("wire", "gone")
            try await bench.endpoint("wire", "ok")
            try await bench.endpoint("other", "ok2")
            try bench.receiver.answer("gone", "status 410")
            // One attempt at a time per endpoint, so that "nothing after the 410" is exact: with more, the attempts
            // already under way for other stories when the 410 came still arrive.
            let server = try await bench.serve(concurrency: 1)
            var ids: [String] = []
            for number in 1...5 { ids.append(try await bench.publish("story-\(number)")) }
            for name in ["ok", "ok2"] {
                let got = try await bench.receiver.wait(name) { $0.count >= 5 }
                #expect(Set(got.compactMap(\.story)) == Set(ids))
            }
            #expect(bench.receiver.deliveries("gone").count == 1, "nothing more after the 410")
            let listed = try await bench.galley(["subscribers", "endpoint", "list", "wire", "--json"])
            let endpoint = try #require(
                listed.output.split(separator: "\n").compactMap {
                    try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
                }.first { $0["id"] as? String == gone })
            #expect(endpoint["enabled"] as? Bool == false)
            #expect((endpoint["disabled_reason"] as? String)?.hasSuffix("the receiver asked for no more") == true)
            _ = await server.stop()
        }
    }

    @Test("after the last attempt fails, the endpoint is disabled with the reason the admin sees")
    func lastAttempt() async throws {
        try await withBench { bench in
            let id = try await bench.endpoint("wire", "a")
            try bench.receiver.answer("a", "status 500")
            let server = try await bench.serve(delays: "0.1,0.1")
            _ = try await bench.publish("ferry")
            let got = try await bench.receiver.wait("a") { $0.count >= 3 }
            #expect(got.count == 3)
            var reason = ""
            for _ in 0..<100 where reason.isEmpty {
                let listed = try await bench.galley(["subscribers", "endpoint", "list", "wire"])
                if listed.output.contains("disabled") { reason = listed.output }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(reason.contains("\(id)") && reason.contains("failed all 3 attempts; the last: answered 500"))
            _ = await server.stop()
        }
    }

    @Test("during a rotation both secrets sign: a receiver holding either one verifies")
    func rotation() async throws {
        try await withBench { bench in
            let id = try await bench.endpoint("wire", "a")
            let old = try String(contentsOf: bench.receiver.folder.appendingPathComponent("a.secret"), encoding: .utf8)
            let rotated = try await bench.galley(["subscribers", "endpoint", "rotate-secret", id])
            let new = rotated.output.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(rotated.status == 0 && new.hasPrefix("whsec_") && new != old)
            let server = try await bench.serve()
            try bench.receiver.accept("a", secrets: [old])
            _ = try await bench.publish("one")
            _ = try await bench.receiver.wait("a") { $0.count >= 1 }
            try bench.receiver.accept("a", secrets: [new])
            _ = try await bench.publish("two")
            let got = try await bench.receiver.wait("a") { $0.count >= 2 }
            #expect(got.map(\.verified) == [true, true], "\(got.map(\.error))")
            _ = await server.stop()
        }
    }

    @Test("endpoints belong to a subscriber, and are http(s) URLs of public addresses unless private ones are allowed")
    func addresses() async throws {
        try await withBench { bench in
            let nobody = try await bench.galley(["subscribers", "endpoint", "add", "nobody", "https://example.org/h"])
            #expect(nobody.status == 66 && nobody.errorOutput == "galley: there is no subscriber named nobody\n")
            try await bench.subscriber("wire")
            for (url, message) in [
                (
                    "ftp://example.org/hook",
                    "an endpoint's URL must be an http or https link, not ftp://example.org/hook"
                ),
                (
                    "http://127.0.0.1:9/hook",
                    "an endpoint's host 127.0.0.1 resolves to 127.0.0.1, a loopback, link-local or private address; "
                        + "only public addresses may receive webhooks"
                ),
                (
                    "http://169.254.169.254/latest",
                    "an endpoint's host 169.254.169.254 resolves to 169.254.169.254, a loopback, link-local or "
                        + "private address; only public addresses may receive webhooks"
                ),
                (
                    "http://[::1]:9/hook",
                    "an endpoint's host ::1 resolves to ::1, a loopback, link-local or private address; only "
                        + "public addresses may receive webhooks"
                ),
                (
                    "https://10.1.2.3/hook",
                    "an endpoint's host 10.1.2.3 resolves to 10.1.2.3, a loopback, link-local or private address; "
                        + "only public addresses may receive webhooks"
                ),
            ] {
                let refused = try await bench.galley(["subscribers", "endpoint", "add", "wire", url])
                #expect(refused.status == 64 && refused.errorOutput == "galley: \(message)\n", "\(url)")
            }
            #expect(try await bench.pool.query("SELECT id FROM webhook_endpoints").isEmpty)
        }
    }

    @Test("a server that does not allow private addresses refuses to send to one, and the log says why")
    func refusedAtSend() async throws {
        try await withBench { bench in
            try await bench.endpoint("wire", "a")
            let server = try await ServerProcess.start(
                environment: bench.environment, arguments: ["--webhook-retry-delays", "60"])
            _ = try await bench.publish("ferry")
            var log = ""
            for _ in 0..<200 where !log.contains("private") {
                log = try await bench.galley(["subscribers", "deliveries", "wire"]).output
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(log.contains("resolves to 127.0.0.1, a loopback, link-local or private address"))
            #expect(bench.receiver.deliveries("a").isEmpty)
            _ = await server.stop()
        }
    }

    @Test("killed with SIGKILL during deliveries and started again: every event reaches every endpoint, in order")
    func crash() async throws {
        try await withBench { bench in
            let names = ["a", "b", "c"]
            for name in names { try await bench.endpoint("wire-\(name)", name) }
            var server = try await bench.serve()
            var ids: [String] = []
            for number in 1...12 {
                let id = try await bench.publish("story-\(number)")
                try await bench.correct(id)
                ids.append(id)
                if number == 6 {
                    await server.kill()
                    server = try await bench.serve()
                }
            }
            for name in names {
                let got = try await bench.receiver.wait(name, timeout: .seconds(60)) { got in
                    Set(got.compactMap { $0.id }).count >= ids.count * 2
                }
                #expect(Set(got.compactMap(\.id)).count == ids.count * 2, "\(name): every event at least once")
                #expect(got.allSatisfy { $0.verified })
                for id in ids {
                    // The first arrival of each event, per story: published before corrected.
                    var seen: [String] = []
                    for delivery in got where delivery.story == id && !seen.contains(delivery.type ?? "") {
                        seen.append(delivery.type ?? "")
                    }
                    #expect(seen == ["story.published", "story.corrected"], "\(name) \(id)")
                }
            }
            _ = await server.stop()
        }
    }

    @Test("a receiver down (refusing, then 503) receives everything once it is back")
    func receiverDown() async throws {
        try await withBench { bench in
            try await bench.endpoint("wire", "a")
            let port = bench.receiver.port
            let server = try await bench.serve(delays: Array(repeating: "0.3", count: 30).joined(separator: ","))
            bench.receiver.kill()
            var ids: [String] = []
            for number in 1...4 { ids.append(try await bench.publish("story-\(number)")) }
            try await Task.sleep(for: .seconds(1))
            let back = try await WebhookReceiver.start(port: port, folder: bench.receiver.folder)
            try back.answer("a", "status 503")
            try await Task.sleep(for: .seconds(1))
            try back.answer("a", "ok")
            let got = try await back.wait("a", timeout: .seconds(20)) { got in
                Set(got.filter { $0.answered == 200 }.compactMap(\.story)) == Set(ids)
            }
            #expect(Set(got.filter { $0.answered == 200 }.compactMap(\.story)) == Set(ids))
            #expect(got.contains { $0.answered == 503 })
            back.kill()
            _ = await server.stop()
        }
    }

    @Test("galley deliver delivers as a process of its own beside a serve started with --no-webhooks; SIGTERM stops it")
    func deliverProcess() async throws {
        try await withBench { bench in
            try await bench.endpoint("wire", "a")
            let server = try await ServerProcess.start(environment: bench.environment, arguments: ["--no-webhooks"])
            let id = try await bench.publish("quiet")
            try await Task.sleep(for: .seconds(1))
            #expect(bench.receiver.deliveries("a").isEmpty, "serve --no-webhooks sends nothing")
            let deliver = try DeliverProcess(environment: bench.environment)
            let got = try await bench.receiver.wait("a") { !$0.isEmpty }
            #expect(got.map(\.story) == [id] && got.allSatisfy { $0.verified })
            #expect(await deliver.stop() == 0)
            _ = await server.stop()
        }
    }
}

/// `galley deliver --webhooks-allow-private` as a process, stopped with SIGTERM.
final class DeliverProcess: @unchecked Sendable {
    private let process = Process()

    init(environment: [String: String]) throws {
        process.executableURL = BuiltProducts.galley
        process.arguments = ["deliver", "--webhooks-allow-private"]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Sends SIGTERM and returns the exit status.
    func stop() async -> Int32 {
        process.terminate()
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        return process.terminationStatus
    }
}
