import Editorial
import Foundation
import Galley
import NIOCore
import Postgres

/// Reads at archive scale over HTTP: the first page of the list, a filtered page, a page 50 deep, a search for a
/// common and a rare word, the board; p50, p99 and size at a small and a large archive, their ratio, the plans'
/// indexes and the server's memory. The archive is written straight into the read models (as a rebuild would),
/// and read through a real `galley serve`.
struct ReadsBenchmark {
    let database: BenchmarkDatabase
    let small: Int
    let large: Int
    let requests: Int
    let galley: String

    struct Figure {
        var p50: Double
        var p99: Double
        var bytes: Int
    }

    /// One archive under test: its database filled to `size` stories, its own `galley serve`, a token to read with.
    struct Archive {
        let size: Int
        let pool: ConnectionPool
        let server: Process
        let port: Int
        let auth: [(String, String)]
        /// A partner's token, for the content API: one desk of the four, every language.
        let partner: [(String, String)]

        static func open(_ database: BenchmarkDatabase, size: Int, galley: String) async throws -> Archive {
            let pool = ConnectionPool(configuration: database.configuration, maxConnections: 2)
            try await UserDirectory(pool: pool).add("bench", roles: [.editor], by: "bench")
            let token = try await TokenStore(pool: pool).issue(for: "bench", by: "bench").token
            try await SubscriberDirectory(pool: pool).add(
                "wire", product: try SubscriberProduct(desks: ["arts"]), by: "bench")
            let partnerToken = try await SubscriberTokenStore(pool: pool).issue(for: "wire", by: "bench").token
            FileHandle.standardError.write(Data("reads: filling the read models to \(size) stories\n".utf8))
            try await ReadsBenchmark.fill(pool, from: 0, to: size)
            let server = try ReadsBenchmark.startServer(galley, database: database.configuration)
            return Archive(
                size: size, pool: pool, server: server, port: try ReadsBenchmark.port(of: server),
                auth: [("Authorization", "Bearer \(token)")], partner: [("Authorization", "Bearer \(partnerToken)")])
        }
    }

    /// The two archives live in databases of their own, each behind its own server, and every read alternates
    /// slices between them: a drift of the machine during the run then falls on both figures alike.
    func run() async throws {
        let largeDatabase = try await BenchmarkDatabase.create(
            admin: database.adminConfiguration, migrations: database.migrations)
        do {
            try await run(largeDatabase: largeDatabase)
            await largeDatabase.drop()
        } catch {
            await largeDatabase.drop()
            throw error
        }
    }

    private func run(largeDatabase: BenchmarkDatabase) async throws {
        let small = try await Archive.open(database, size: small, galley: galley)
        defer { small.server.terminate() }
        let large = try await Archive.open(largeDatabase, size: large, galley: galley)
        defer { large.server.terminate() }
        var figures: [(name: String, small: Figure, large: Figure)] = []
        try await LoadClient.withConnection(port: small.port) { smallClient in
            try await LoadClient.withConnection(port: large.port) { largeClient in
                let smallDeep = try await Self.page50(&smallClient, headers: small.auth)
                let largeDeep = try await Self.page50(&largeClient, headers: large.auth)
                let reads: [(String, small: String, large: String)] = [
                    ("list, first page", "/v1/articles?limit=50", "/v1/articles?limit=50"),
                    (
                        "list, filtered page", "/v1/articles?limit=50&stage=draft&desk=city",
                        "/v1/articles?limit=50&stage=draft&desk=city"
                    ),
                    ("list, page 50 by cursor", smallDeep, largeDeep),
                    ("search, common word", "/v1/search?q=harbour&limit=20", "/v1/search?q=harbour&limit=20"),
                    ("search, rare word", "/v1/search?q=zeppelin&limit=20", "/v1/search?q=zeppelin&limit=20"),
                    ("board", "/v1/board?limit=20", "/v1/board?limit=20"),
                    // The public site, for readers: what a CDN in front asks for.
                    ("news index", "/news", "/news"),
                    ("news story page", "/news/story-1000", "/news/story-1000"),
                    ("news, a desk", "/news/desk/arts", "/news/desk/arts"),
                    ("Atom feed", "/news/feed.atom", "/news/feed.atom"),
                ]
                // What a CDN's revalidation costs: `*` matches any tag, so each is answered 304 from the narrow
                // statements `explain` shows, with no story read or rendered.
                let revalidations: [(String, String)] = [
                    ("news story page, 304", "/news/story-1000"), ("news index, 304", "/news"),
                    ("Atom feed, 304", "/news/feed.atom"),
                ]
                let held = [("If-None-Match", "*")]
                for (name, smallTarget, largeTarget, extra) in reads.map({
                    ($0.0, $0.small, $0.large, [(String, String)]())
                })
                    + revalidations.map({ ($0.0, $0.1, $0.1, held) })
                {
                    let (a, b) = try await Self.measureAlternating(
                        &smallClient, Target(path: smallTarget, headers: small.auth + extra),
                        &largeClient, Target(path: largeTarget, headers: large.auth + extra), requests: requests)
                    figures.append((name, a, b))
                }
                // The content API, for partners, with a subscriber's token: one desk's items, newest change first;
                // the changes since a day near its start. Each served item is also recorded as read.
                let since = "2020-01-10T00:00:00Z"
                let partnerReads: [(String, small: String, large: String)] = [
                    ("content API page", "/content/v1/items?limit=50", "/content/v1/items?limit=50"),
                    (
                        "content API, since", "/content/v1/items?limit=50&updated_since=\(since)",
                        "/content/v1/items?limit=50&updated_since=\(since)"
                    ),
                ]
                for (name, smallTarget, largeTarget) in partnerReads {
                    let (a, b) = try await Self.measureAlternating(
                        &smallClient, Target(path: smallTarget, headers: small.partner),
                        &largeClient, Target(path: largeTarget, headers: large.partner), requests: requests)
                    figures.append((name, a, b))
                }
            }
        }
        let (smallMemory, largeMemory) = (
            Self.residentMemory(of: small.server.processIdentifier),
            Self.residentMemory(of: large.server.processIdentifier)
        )
        try await Self.explain(large.pool)
        await small.pool.close()
        await large.pool.close()
        print(
            "reads over HTTP, \(requests) requests each in slices alternating between the archives, p50 / p99 in ms,"
                + " body size; \(small.size) and \(large.size) stories")
        for (name, a, b) in figures {
            print(
                "  \(name.padding(toLength: 24, withPad: " ", startingAt: 0))"
                    + String(
                        format: " %6.2f / %6.2f  %7d B   at %d: %6.2f / %6.2f  %7d B   ratio p50 %.2fx, p99 %.2fx",
                        a.p50, a.p99, a.bytes, large.size, b.p50, b.p99, b.bytes, b.p50 / a.p50, b.p99 / a.p99))
        }
        print(
            String(
                format: "  galley serve memory after the run: %d MiB at %d stories, %d MiB at %d (%.2fx)",
                smallMemory >> 20, small.size, largeMemory >> 20, large.size,
                Double(largeMemory) / Double(max(smallMemory, 1))))
    }

    /// The address of the story list's 50th page of 20, found by following the cursor (20 a page, so that the
    /// small archive has a 50th page too).
    static func page50(_ client: inout LoadClient, headers: [(String, String)]) async throws -> String {
        var page = "/v1/articles?limit=20"
        for _ in 0..<49 {
            let (_, body) = try await client.get(page, headers: headers)
            guard let next = next(in: body) else { throw BenchmarkFailure("the list ended before page 50") }
            page = "/v1/articles?limit=20&after=\(next)"
        }
        return page
    }

    /// Writes stories `from..<to` into the read models: the first 200 in the active stages (a newsroom's work in
    /// hand does not grow with its archive), the rest published long ago; every other body has "harbour", and 20
    /// of the first 2,000 "zeppelin" (a page of hits at either size, so that the rare word's two figures compare
    /// the same page).
    static func fill(_ pool: ConnectionPool, from: Int, to: Int) async throws {
        for start in stride(from: from, to: to, by: 20_000) {
            let end = min(to, start + 20_000)
            try await pool.query(
                """
                WITH s AS (
                    SELECT g, 'r' || lpad(g::text, 9, '0') AS id,
                           CASE WHEN g < 200 THEN (ARRAY['draft','editing','fact_check','ready'])[g % 4 + 1]
                                ELSE 'published' END AS stage,
                           (ARRAY['city','world','sport','arts'])[g % 4 + 1] AS desk,
                           timestamptz '2020-01-01' + g * interval '10 minutes' AS at
                    FROM generate_series($1::int, $2::int - 1) AS g
                ), a AS (
                    INSERT INTO articles (id, stage, revision, version, headline, slug, desk, author, assignee,
                                          created_at, updated_at, stage_since, public_at, document, language, kicker,
                                          bylines, body, claims_text)
                    SELECT id, stage, 1, 3, 'Story ' || g || ' about the city council', 'story-' || g, desk, 'ana',
                           CASE WHEN g % 7 = 0 THEN 'bo' END, at, at, at, CASE WHEN stage = 'published' THEN at END,
                           json_build_object('id', id, 'version', 3, 'stage', stage, 'revision', 1,
                               'checked_text_revision', 1, 'headline', 'Story ' || g, 'bylines', json_build_array('Ana'),
                               'body', json_build_array('Text.'), 'slug', 'story-' || g, 'desk', desk, 'language', 'en',
                               'claims', '[]'::json, 'corrections', '[]'::json, 'comments', '[]'::json),
                           'en', NULL, 'Ana Reis',
                           'The council met on Tuesday. ' || CASE WHEN g % 2 = 0 THEN 'The harbour reopened. ' ELSE '' END
                               || CASE WHEN g < 2000 AND g % 100 = 7 THEN 'A zeppelin flew over. ' ELSE '' END
                               || 'Officials said ' || g || ' people attended.', ''
                    FROM s
                ), b AS (
                    INSERT INTO board (article_id, stage, headline, desk, assignee, stage_since, public_at)
                    SELECT id, stage, 'Story ' || g, desk, CASE WHEN g % 7 = 0 THEN 'bo' END, at,
                           CASE WHEN stage = 'published' THEN at END
                    FROM s
                )
                INSERT INTO published (article_id, slug, headline, public_at, revision, retracted, corrections,
                                       updated_at, document, stage, desk, language, changed_at)
                SELECT id, 'story-' || g, 'Story ' || g, at, 1, false, 0, at,
                       json_build_object('id', id, 'version', 3, 'stage', stage, 'revision', 1,
                           'checked_text_revision', 1, 'headline', 'Story ' || g, 'bylines', json_build_array('Ana'),
                           'body', json_build_array('The council met on Tuesday.', 'Officials said ' || g || ' came.'),
                           'slug', 'story-' || g, 'desk', desk, 'language', 'en', 'claims', '[]'::json,
                           'corrections', '[]'::json, 'comments', '[]'::json),
                       stage, desk, 'en', at
                FROM s WHERE stage = 'published'
                """, [start, end])
        }
        // What a bulk load leaves to do (autovacuum of the new rows, a checkpoint of what they dirtied) would
        // otherwise run during the large archive's measurements and not the small one's.
        try await pool.query("VACUUM ANALYZE articles")
        try await pool.query("VACUUM ANALYZE board")
        try await pool.query("VACUUM ANALYZE published")
        try await pool.query("CHECKPOINT")
    }

    /// Prints the indexes each list filter's plan and the board's counts use.
    static func explain(_ pool: ConnectionPool) async throws {
        print("indexes the plans use at the large archive:")
        var queries: [(String, String, [(any PostgresEncodable)?])] = [
            ("first page", "SELECT id FROM articles ORDER BY updated_at DESC, id DESC LIMIT 51", []),
            ("stage", "SELECT id FROM articles WHERE stage = $1 ORDER BY updated_at DESC, id DESC LIMIT 51", ["draft"]),
            ("desk", "SELECT id FROM articles WHERE desk = $1 ORDER BY updated_at DESC, id DESC LIMIT 51", ["city"]),
            (
                "assignee", "SELECT id FROM articles WHERE assignee = $1 ORDER BY updated_at DESC, id DESC LIMIT 51",
                ["bo"]
            ),
            ("author", "SELECT id FROM articles WHERE author = $1 ORDER BY updated_at DESC, id DESC LIMIT 51", ["ana"]),
            (
                "published between",
                "SELECT id FROM articles WHERE public_at >= $1 AND public_at < $2 ORDER BY updated_at DESC LIMIT 51",
                [Date(timeIntervalSince1970: 1_600_000_000), Date(timeIntervalSince1970: 1_600_100_000)]
            ),
            (
                "search, common",
                "SELECT id FROM articles WHERE search @@ websearch_to_tsquery('english', $1) ORDER BY updated_at DESC, id DESC LIMIT 500",
                ["harbour"]
            ),
            (
                "search, rare",
                "SELECT id FROM articles WHERE search @@ websearch_to_tsquery('english', $1) ORDER BY updated_at DESC, id DESC LIMIT 500",
                ["zeppelin"]
            ),
            ("slug prefix", "SELECT id FROM articles WHERE slug LIKE $1 LIMIT 10", ["story-1234%"]),
            ("a story page's 304", ReadModels.publicStorySQL(ReadModels.publicColumns), ["story-1000", Date()]),
            (
                "the index's 304", ReadModels.publicRecordSQL(ReadModels.publicColumns, keyset: false),
                [Date(), 21, String?.none]
            ),
            (
                "board's counts", ReadModels.boardCounts,
                [Date(), Date().addingTimeInterval(-48 * 3_600), String?.none, String?.none, String?.none]
            ),
        ]
        let arts = try SubscriberProduct(desks: ["arts"])
        let rule = arts.sqlCondition(first: 1, at: Date())
        queries.append(
            (
                "content API page",
                "SELECT article_id FROM published WHERE \(rule.sql) ORDER BY changed_at DESC, article_id DESC LIMIT 51",
                rule.parameters
            ))
        for (name, sql, parameters) in queries {
            let plan = try await pool.query("EXPLAIN " + sql, parameters).map { try $0.decode(0, as: String.self) }
            // Every index the plan scans, in plan order, each once.
            var indexes: [String] = []
            for line in plan {
                guard
                    let index = line.firstMatch(
                        of: /(?:Index|Bitmap Index) (?:Only )?Scan (?:Backward )?(?:using|on) (\w+)/)?.1,
                    !indexes.contains(String(index))
                else { continue }
                indexes.append(String(index))
            }
            let used = indexes.isEmpty ? "none (\(plan.first ?? ""))" : indexes.joined(separator: ", ")
            print("  \(name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(used)")
        }
    }

    /// Latencies of one read, gathered a slice at a time.
    struct Sample {
        var times: [Double] = []
        var bytes = 0

        /// GETs `target` `count` times and keeps each time, failing on any answer but 200 (or 304 to a request that
        /// holds a copy).
        mutating func take(
            _ count: Int, of target: String, from client: inout LoadClient, headers: [(String, String)]
        ) async throws {
            for _ in 0..<count {
                let start = ContinuousClock.now
                let (status, body) = try await client.get(target, headers: headers)
                let elapsed = ContinuousClock.now - start
                let expected = headers.contains { $0.0 == "If-None-Match" } ? 304 : 200
                guard status == expected else { throw BenchmarkFailure("\(target) answered \(status)") }
                times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
                bytes = body.readableBytes
            }
        }

        var figure: Figure {
            let sorted = times.sorted()
            return Figure(
                p50: sorted[sorted.count / 2], p99: sorted[min(sorted.count - 1, sorted.count * 99 / 100)],
                bytes: bytes)
        }
    }

    /// Requests before each measurement that open the server's connections and plan its statements, unmeasured.
    static let warmUp = 10

    /// GETs `target` `requests` times on one connection: p50, p99 and the body's size.
    static func measure(
        _ client: inout LoadClient, _ target: String, headers: [(String, String)], requests: Int
    ) async throws -> Figure {
        var warming = Sample()
        try await warming.take(warmUp, of: target, from: &client, headers: headers)
        var sample = Sample()
        try await sample.take(requests, of: target, from: &client, headers: headers)
        return sample.figure
    }

    /// A read: its path and the headers it is sent with.
    struct Target {
        let path: String
        let headers: [(String, String)]
    }

    /// The same read on two servers, `requests` times each, in ten slices that alternate between them.
    static func measureAlternating(
        _ aClient: inout LoadClient, _ a: Target, _ bClient: inout LoadClient, _ b: Target, requests: Int
    ) async throws -> (Figure, Figure) {
        var (warmingA, warmingB) = (Sample(), Sample())
        try await warmingA.take(warmUp, of: a.path, from: &aClient, headers: a.headers)
        try await warmingB.take(warmUp, of: b.path, from: &bClient, headers: b.headers)
        var (sampleA, sampleB) = (Sample(), Sample())
        let slices = 10
        for slice in 0..<slices {
            let count = requests / slices + (slice < requests % slices ? 1 : 0)
            try await sampleA.take(count, of: a.path, from: &aClient, headers: a.headers)
            try await sampleB.take(count, of: b.path, from: &bClient, headers: b.headers)
        }
        return (sampleA.figure, sampleB.figure)
    }

    static func startServer(_ galley: String, database: ConnectionConfiguration) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: galley)
        process.arguments = ["serve", "--port", "0"]
        process.environment = ProcessInfo.processInfo.environment.merging(["GALLEY_DATABASE_URL": database.conninfo]) {
            $1
        }
        process.standardOutput = Pipe()
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func port(of process: Process) throws -> Int {
        guard let output = (process.standardOutput as? Pipe)?.fileHandleForReading else {
            throw BenchmarkFailure("no output from galley serve")
        }
        var text = ""
        while !text.contains("\n") {
            let data = output.availableData
            if data.isEmpty { throw BenchmarkFailure("galley serve stopped: \(text)") }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let match = text.firstMatch(of: /serving on http:\/\/[^:]+:(\d+)/), let port = Int(match.1) else {
            throw BenchmarkFailure("galley serve said \(text)")
        }
        return port
    }

    static func next(in body: ByteBuffer) -> String? {
        let text = String(buffer: body)
        return text.firstMatch(of: /"next":"([^"]+)"/).map { String($0.1) }
    }

    static func residentMemory(of pid: Int32) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let kilobytes = status.firstMatch(of: /VmRSS:\s+(\d+) kB/).flatMap { Int($0.1) } ?? 0
        return kilobytes * 1024
    }
}
