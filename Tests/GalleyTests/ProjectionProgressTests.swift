import Editorial
import EventStore
import Postgres
import TestSupport
import Testing

@testable import Galley

@Suite("Reads wait in process")
struct ProjectionProgressTests {
    @Test("a read waits for the projections to commit what the process has seen, and no longer than its bound")
    func waitsInMemory() async {
        let progress = ProjectionProgress(projections: ["articles", "board"])
        for name in ["articles", "board"] {
            progress.running(name, true)
            progress.committed(name, through: 10)
        }
        #expect(progress.runsAll)
        #expect(await progress.waitForReadModels(timeout: .seconds(1)) == 0)

        progress.saw(12)  // a command of this process appended up to 12
        let waiting = Task { await progress.waitForReadModels(timeout: .seconds(5)) }
        try? await Task.sleep(for: .milliseconds(50))
        progress.committed("articles", through: 12)
        progress.committed("board", through: 12)
        #expect(await waiting.value == 0)

        progress.saw(20)
        let clock = ContinuousClock()
        let start = clock.now
        #expect(await progress.waitForReadModels(timeout: .milliseconds(100)) == 8)
        // The commit never comes: the read gives up at its bound instead of waiting for it. (Generously bounded
        // here, since a loaded machine may wake the waiter late; what matters is that it does not wait on.)
        #expect(clock.now - start < .seconds(10))
        progress.running("board", false)
        #expect(!progress.runsAll)
    }

    @Test("running projections report every batch they commit, so a read after a command waits only for it")
    func runningProjectionsReport() async throws {
        try await TestDatabase.withFresh { configuration in
            let pool = ConnectionPool(configuration: configuration, maxConnections: 4)
            let runner = ProjectionRunner(configuration: configuration)
            let running = Task { try await runner.run() }
            defer { running.cancel() }
            while !runner.progress.runsAll { try await Task.sleep(for: .milliseconds(10)) }
            let newsroom = Newsroom(pool: pool)
            let ana = try await newsroom.users.add("ana", roles: [.reporter], by: "system:test")
            for number in 1...3 {
                let content = ArticleContent(
                    headline: "Story \(number)", bylines: ["Ana"], body: ["Text."], slug: "story-\(number)",
                    desk: "city")
                let handled = try await newsroom.draft(content, by: ana)
                runner.progress.saw(handled.positions.max() ?? 0)
                // No lag left: the wait ended when the projections committed, not at its bound.
                #expect(try await runner.waitForReadModels(using: pool, timeout: .seconds(10)) == 0)
                #expect(try await ReadModels(pool: pool).story(handled.articleID).headline == "Story \(number)")
            }
            // A change that no read model keeps (a user's) is committed past too.
            _ = try await TokenStore(pool: pool).issue(for: "ana", by: "system:test")
            runner.progress.saw(try await newsroom.store.head())
            #expect(try await runner.waitForReadModels(using: pool, timeout: .seconds(10)) == 0)
            running.cancel()
            _ = try? await running.value
            await pool.close()
        }
    }
}
