import Editorial
import EventStore
import Foundation
import Galley
import Postgres

/// Rebuilding the read models from a large log, beside COPY of the same rows; replaying one long story.
struct ProjectionBenchmark {
    let database: BenchmarkDatabase
    let events: Int
    let stories: Int
    var report = Report()

    mutating func run() async throws {
        print("filling the log with \(events) events across \(stories) stories...")
        try await Connection.with(database.configuration) { try await Self.fill($0, events: events, stories: stories) }
        let clock = ContinuousClock()

        var start = clock.now
        let bytes = try await Connection.with(database.configuration) { connection in
            try await connection.withSession { session in
                try session.copyOut(
                    "COPY (SELECT position, stream_id, version, type, data, metadata, command_id, recorded_at, hash FROM events ORDER BY position) TO STDOUT"
                ) { _ in }
            }
        }
        let copy = Double(events) / ((clock.now - start) / .seconds(1))

        start = clock.now
        let rebuilt = try await ProjectionRebuild(configuration: database.configuration).run()
        let rebuild = Double(rebuilt.events) / ((clock.now - start) / .seconds(1))
        report.add(
            "rebuild of all projections, \(rebuilt.events) events, \(rebuilt.stories) stories (COPY moved \(bytes / 1_000_000) MB)",
            galley: rebuild, baseline: copy, unit: "events/s", target: ">= 0.25x")

        print("rebuild phases: read and fold \(rebuilt.folding), write \(rebuilt.writing), swap \(rebuilt.swapping)")
        let replay = try await replayLatency(clock: clock)
        print(
            String(
                format: "replay of one story with 1,000 events to a moment: median %.2f ms, p90 %.2f ms", replay.median,
                replay.p90))
        report.printTable()
        print(
            String(
                format: "| replay of one 1,000-event story to a moment | median %.2f ms, p90 %.2f ms | - | - | - |",
                replay.median, replay.p90))
    }

    /// Files one story with 1,000 events and replays it to the moment of its 500th, 30 times.
    private func replayLatency(clock: ContinuousClock) async throws -> (median: Double, p90: Double) {
        let pool = ConnectionPool(configuration: database.configuration, maxConnections: 2)
        let newsroom = Newsroom(pool: pool)
        let id = "long-story"
        try await Connection.with(database.configuration) { try await Self.fillStory($0, id: id, events: 1_000) }
        let middle = try await newsroom.story(id).events[499].recordedAt
        var samples: [Double] = []
        for _ in 0..<30 {
            let start = clock.now
            let story = try await newsroom.story(id, at: middle)
            samples.append(((clock.now - start) / .milliseconds(1)))
            guard story.article.version == 500 else {
                throw GalleyError.configuration("the replay stopped at version \(story.article.version), not 500")
            }
        }
        await pool.close()
        samples.sort()
        return (samples[samples.count / 2], samples[samples.count * 9 / 10])
    }

    /// Bulk-loads stories' events, interleaved in the global order as a newsroom's would be: each story is
    /// drafted, then edited, commented on and given claims.
    static func fill(_ connection: Connection, events: Int, stories: Int) async throws {
        var next: Int64 = 0
        while next < Int64(events) {
            let last = min(Int64(events), next + 100_000)
            try await connection.execute(
                eventsSQL(story: "'s' || (g % $3)", version: "g / $3 + 1"), [next, last - 1, Int64(stories)])
            next = last
        }
        try await connection.withSession { try $0.runScript("VACUUM ANALYZE events") }
    }

    static func fillStory(_ connection: Connection, id: String, events: Int) async throws {
        try await connection.execute(
            eventsSQL(story: "$3::text", version: "g + 1"), [Int64(0), Int64(events - 1), id])
    }

    /// Events `g` from $1 to $2: version 1 drafts, the rest edit, comment and add claims in turn. Each event's
    /// recording time is a millisecond apart, so a replay can stop at any of them.
    static func eventsSQL(story: String, version: String) -> String {
        """
        INSERT INTO events (stream_id, version, type, data, metadata, command_id, recorded_at, hash)
        SELECT 'article-' || s.id, s.v,
               CASE WHEN s.v = 1 THEN 'ArticleDrafted' WHEN s.v % 3 = 0 THEN 'ArticleEdited'
                    WHEN s.v % 3 = 1 THEN 'CommentAdded' ELSE 'ClaimAdded' END,
               CASE WHEN s.v = 1 THEN jsonb_build_object('author', 'ana', 'content', jsonb_build_object(
                        'headline', 'Harbour ferry ' || s.id, 'bylines', jsonb_build_array('Ana Reis'),
                        'body', jsonb_build_array('The harbour ferry will add a night crossing from January.',
                                                  'About 1,200 people cross the harbour after ten on a weekday.'),
                        'slug', 'ferry-' || s.id, 'desk', 'city', 'language', 'en'))
                    WHEN s.v % 3 = 0 THEN jsonb_build_object('change', jsonb_build_object('headline',
                        'Harbour ferry ' || s.id || ' revised ' || s.v), 'revision', s.v / 3 + 1)
                    WHEN s.v % 3 = 1 THEN jsonb_build_object('text', 'Check the timetable again.',
                        'revision', (s.v - 1) / 3 + 1, 'by', 'bo')
                    ELSE jsonb_build_object('claim', jsonb_build_object('id', 'c' || s.v,
                        'text', 'About 1,200 people cross the harbour after ten.')) END,
               jsonb_build_object('actor', 'bo', 'command_id', gen_random_uuid(), 'correlation_id', gen_random_uuid(),
                                  'schema_version', 1),
               NULL, now() - interval '1 day' + s.g * interval '1 millisecond', sha256(convert_to(s.id, 'UTF8'))
        FROM (SELECT g, \(story) AS id, \(version) AS v FROM generate_series($1::int8, $2::int8) AS g) AS s
        """
    }
}
