import Editorial
import EventStore
import Foundation
import Galley
import Postgres
import Synchronization
import TestSupport
import Testing

@Suite("Projections against the real log")
struct ProjectionTests {
    /// Every projection table's rows, in a stable order, as JSON text.
    static func snapshot(_ connection: Connection) async throws -> [String: String] {
        var tables: [String: String] = [:]
        for table in ["articles", "board", "claims", "published", "inbox"] {
            tables[table] = try await connection.query(
                "SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY to_jsonb(t)::text), '[]')::text AS rows FROM \(table) t"
            )[0].decode("rows")
        }
        return tables
    }

    static func rebuildAll(_ configuration: ConnectionConfiguration) async throws {
        _ = try await ProjectionRebuild(configuration: configuration).run()
    }

    /// Given an editor, ana, who has drafted one story: the newsroom, ana, and the story's id.
    static func draftedStory(_ store: EventStore, headline: String, slug: String) async throws
        -> (newsroom: Newsroom, ana: User, id: String)
    {
        let newsroom = Newsroom(pool: store.pool)
        let ana = try await newsroom.users.add("ana", roles: [.editor], by: "admin")
        let content = ArticleContent(
            headline: headline, bylines: ["Ana Reis"], body: ["Details to follow."], slug: slug, desk: "city")
        return (newsroom, ana, try await newsroom.draft(content, by: ana).articleID)
    }

    @Test("for random command sequences over many stories, the live tables equal a fresh rebuild, row for row")
    func incrementalEqualsRebuild() async throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        try await TestDatabase.withStore { store, configuration in
            let newsroom = Newsroom(pool: store.pool)
            let simulation = try await NewsroomSimulation(newsroom: newsroom, seed: seed)
            var runner = ProjectionRunner(configuration: configuration)
            runner.batchSize = 7  // many small batches, each touching several stories
            for round in 0..<30 {
                try await simulation.run(steps: 12, stories: 14)
                if round % 3 == 0 { try await runner.catchUp(using: store.pool) }
            }
            try await runner.catchUp(using: store.pool)
            let (live, stages) = try await Connection.with(configuration) { connection in
                (
                    try await Self.snapshot(connection),
                    try await connection.query("SELECT DISTINCT stage FROM articles").map {
                        try $0.decode("stage", as: String.self)
                    }
                )
            }
            try await Self.rebuildAll(configuration)
            let rebuilt = try await Connection.with(configuration) { try await Self.snapshot($0) }
            for table in live.keys.sorted() {
                #expect(live[table] == rebuilt[table], "table \(table) differs after a rebuild (seed \(seed))")
            }
            #expect(live["articles"] != "[]")
            #expect(Set(stages).count >= 3, "the walk reached only \(stages) (seed \(seed))")
        }
    }

    @Test("a batch that fails after its rows were written is delivered again and leaves nothing behind")
    func failedBatch() async throws {
        try await TestDatabase.withStore { store, configuration in
            let (newsroom, ana, id) = try await Self.draftedStory(
                store, headline: "Ferry adds a night crossing", slug: "ferry-night")
            let runner = ProjectionRunner(configuration: configuration)
            try await runner.catchUp(using: store.pool)

            // The board's next checkpoint move fails, after its handler has written the story's new rows.
            try await store.pool.withSession { session in
                try session.runScript(
                    """
                    CREATE FUNCTION refuse_board() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'refused for the test'; END $$;
                    CREATE TRIGGER refuse_board BEFORE UPDATE ON subscriptions
                        FOR EACH ROW WHEN (NEW.name = 'board') EXECUTE FUNCTION refuse_board();
                    """)
            }
            try await newsroom.perform(.submit, on: id, by: ana)
            let refused = await #expect(throws: PostgresError.self) { try await runner.catchUp(using: store.pool) }
            #expect(refused?.sqlState == .raiseException && refused?.serverMessage == "refused for the test")
            _ = try await store.pool.query("DROP TRIGGER refuse_board ON subscriptions")

            // Delivered again, the batch must write the story as it now stands.
            try await runner.catchUp(using: store.pool)
            let stage: String = try await store.pool.query(
                "SELECT stage FROM board WHERE article_id = $1", [id])[0].decode("stage")
            #expect(stage == "editing")
        }
    }

    @Test("a command that leaves a table's rows as they were does not write them again")
    func unchangedRowsStay() async throws {
        try await TestDatabase.withStore { store, configuration in
            let (newsroom, ana, id) = try await Self.draftedStory(
                store, headline: "Library opens on Sundays", slug: "library-sundays")
            let runner = ProjectionRunner(configuration: configuration)
            try await runner.catchUp(using: store.pool)
            // A row version's xmin is the transaction that wrote it: it changes exactly when the row is written.
            let writers = {
                try await store.pool.query(
                    """
                    SELECT (SELECT xmin::text FROM board WHERE article_id = $1) AS board,
                           (SELECT xmin::text FROM articles WHERE id = $1) AS articles
                    """, [id])[0]
            }
            let drafted = try await writers()

            try await newsroom.perform(.comment("Check the opening hours."), on: id, by: ana)
            try await runner.catchUp(using: store.pool)
            let commented = try await writers()
            #expect(try commented.decode("board", as: String.self) == drafted.decode("board", as: String.self))
            #expect(try commented.decode("articles", as: String.self) != drafted.decode("articles", as: String.self))

            try await newsroom.perform(.submit, on: id, by: ana)
            try await runner.catchUp(using: store.pool)
            #expect(try await writers().decode("board", as: String.self) != commented.decode("board", as: String.self))
        }
    }

    @Test("rows that return to what a runner last wrote are written when another runner wrote in between")
    func rowsWrittenElsewhere() async throws {
        try await TestDatabase.withStore { store, configuration in
            let (newsroom, ana, id) = try await Self.draftedStory(
                store, headline: "Tram line closes for repairs", slug: "tram-repairs")
            for name in ["cy", "dee"] { _ = try await newsroom.users.add(name, roles: [.reporter], by: "admin") }
            let assignee = {
                try await store.pool.query("SELECT assignee FROM board WHERE article_id = $1", [id])[0]
                    .decode("assignee", as: String?.self)
            }
            // Two runners with caches of their own stand for two processes taking turns on the projections.
            let first = ProjectionRunner(configuration: configuration, projections: [.board])
            let second = ProjectionRunner(configuration: configuration, projections: [.board])
            try await newsroom.perform(.assign(to: "cy"), on: id, by: ana)
            try await first.catchUp(using: store.pool)
            try await newsroom.perform(.assign(to: "dee"), on: id, by: ana)
            try await second.catchUp(using: store.pool)
            #expect(try await assignee() == "dee")

            // Back to what the first runner last wrote; the table holds the second runner's row meanwhile.
            try await newsroom.perform(.assign(to: "cy"), on: id, by: ana)
            try await first.catchUp(using: store.pool)
            #expect(try await assignee() == "cy")
        }
    }

    @Test(
        "a rebuild paused halfway holds back no live subscription, old tables serve reads, and the swap loses nothing")
    func rebuildWhileLive() async throws {
        try await TestDatabase.withStore { store, configuration in
            let newsroom = Newsroom(pool: store.pool)
            let simulation = try await NewsroomSimulation(newsroom: newsroom, seed: 42)
            try await simulation.run(steps: 150, stories: 10)
            try await ProjectionRunner(configuration: configuration).catchUp(using: store.pool)
            let before = try await ReadModels(pool: store.pool).stories(limit: 200).items

            let paused = Gate()
            let resume = Gate()
            var rebuild = ProjectionRebuild(configuration: configuration, projections: [.articles])
            rebuild.batchSize = 50
            let rebuilding = Task {
                try await rebuild.run { progress in
                    if progress.events >= progress.total / 2 && !paused.isOpen {
                        paused.open()
                        await resume.wait()
                    }
                }
            }
            await paused.wait()
            // Meanwhile: commands go on, every projection keeps up (articles into its current tables, which
            // readers keep reading), and so the swap has to replay what the live projection did meanwhile.
            try await simulation.run(steps: 60, stories: 10)
            try await ProjectionRunner(configuration: configuration).catchUp(using: store.pool)
            let head = try await store.head()
            let status = try await ProjectionRunner(configuration: configuration).status(using: store.pool)
            #expect(status.allSatisfy { $0.checkpoint == head && $0.lag == 0 })
            #expect(try await ReadModels(pool: store.pool).stories(limit: 200).items.count >= before.count)
            resume.open()
            let report = try await rebuilding.value
            #expect(report.checkpoint == head)

            try await simulation.run(steps: 30, stories: 10)
            try await ProjectionRunner(configuration: configuration).catchUp(using: store.pool)
            let live = try await Connection.with(configuration) { try await Self.snapshot($0) }
            try await Self.rebuildAll(configuration)
            let rebuilt = try await Connection.with(configuration) { try await Self.snapshot($0) }
            #expect(live == rebuilt)
        }
    }
}

/// A one-shot latch a test task can wait on.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    var isOpen: Bool { state.withLock { $0.open } }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }
}

@Suite("The public feed")
struct FeedTests {
    @Test("the feed honours embargoes and drops retracted stories")
    func embargoAndRetraction() async throws {
        try await TestDatabase.withStore { store, configuration in
            let newsroom = Newsroom(pool: store.pool)
            let ana = try await newsroom.users.add("ana", roles: [.reporter], by: "admin")
            let bo = try await newsroom.users.add("bo", roles: [.editor], by: "admin")
            let cy = try await newsroom.users.add("cy", roles: [.factChecker], by: "admin")
            let now = Date()
            func publish(_ slug: String, at moment: Date?) async throws -> String {
                let content = ArticleContent(
                    headline: "Story \(slug)", bylines: ["Ana"], body: ["Text."], slug: slug, desk: "city")
                let id = try await newsroom.draft(content, by: ana).articleID
                try await newsroom.perform(.submit, on: id, by: ana)
                try await newsroom.perform(.sendToFactCheck, on: id, by: bo)
                try await newsroom.perform(.approveWithNoClaims, on: id, by: cy)
                try await newsroom.perform(.publish(at: moment), on: id, by: bo)
                return id
            }
            let now1 = try await publish("now", at: nil)
            let later = try await publish("later", at: now.addingTimeInterval(3_600))
            try await ProjectionRunner(configuration: configuration).catchUp(using: store.pool)
            let readModels = ReadModels(pool: store.pool)
            #expect(try await readModels.feed(at: now.addingTimeInterval(60)).map(\.id) == [now1])
            #expect(try await readModels.feed(at: now.addingTimeInterval(7_200)).map(\.id) == [later, now1])
            try await newsroom.perform(.retract(reason: "Wrong date."), on: now1, by: bo)
            try await ProjectionRunner(configuration: configuration).catchUp(using: store.pool)
            #expect(try await readModels.feed(at: now.addingTimeInterval(7_200)).map(\.id) == [later])
            #expect(try await readModels.published().count == 2)
        }
    }
}
