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

    func run() async throws {
        let pool = ConnectionPool(configuration: database.configuration, maxConnections: 2)
        try await UserDirectory(pool: pool).add("bench", roles: [.editor], by: "bench")
        let token = try await TokenStore(pool: pool).issue(for: "bench", by: "bench").token
        var results: [Int: ([String: Figure], Int)] = [:]
        var filled = 0
        for size in [small, large] {
            FileHandle.standardError.write(Data("reads: filling the read models to \(size) stories\n".utf8))
            try await Self.fill(pool, from: filled, to: size)
            filled = size
            let server = try Self.startServer(galley, database: database.configuration)
            defer { server.terminate() }
            let port = try Self.port(of: server)
            var figures: [String: Figure] = [:]
            try await LoadClient.withConnection(port: port) { client in
                let auth = [("Authorization", "Bearer \(token)")]
                func measure(_ name: String, _ path: () -> String) async throws {
                    figures[name] = try await Self.measure(&client, path(), headers: auth, requests: requests)
                }
                // The cursor 49 pages in, found once; then the 50th page is what is measured.
                var deep = "/v1/articles?limit=50"
                for _ in 0..<49 {
                    let (_, body) = try await client.get(deep, headers: auth)
                    guard let next = Self.next(in: body) else { break }
                    deep = "/v1/articles?limit=50&after=\(next)"
                }
                try await measure("list, first page") { "/v1/articles?limit=50" }
                try await measure("list, filtered page") { "/v1/articles?limit=50&stage=draft&desk=city" }
                try await measure("list, page 50 by cursor") { deep }
                try await measure("search, common word") { "/v1/search?q=harbour&limit=20" }
                try await measure("search, rare word") { "/v1/search?q=zeppelin&limit=20" }
                try await measure("board") { "/v1/board?limit=20" }
            }
            results[size] = (figures, Self.residentMemory(of: server.processIdentifier))
            if size == large { try await Self.explain(pool) }
        }
        await pool.close()
        guard let (smallFigures, smallMemory) = results[small], let (largeFigures, largeMemory) = results[large] else {
            return
        }
        print("reads over HTTP, \(requests) requests each, p50 / p99 in ms, body size; \(small) and \(large) stories")
        for name in smallFigures.keys.sorted() {
            guard let a = smallFigures[name], let b = largeFigures[name] else { continue }
            print(
                "  \(name.padding(toLength: 24, withPad: " ", startingAt: 0))"
                    + String(
                        format: " %6.2f / %6.2f  %7d B   at %d: %6.2f / %6.2f  %7d B   ratio p50 %.2fx, p99 %.2fx",
                        a.p50, a.p99, a.bytes, large, b.p50, b.p99, b.bytes, b.p50 / a.p50, b.p99 / a.p99))
        }
        print(
            String(
                format: "  galley serve memory after the run: %d MiB at %d stories, %d MiB at %d (%.2fx)",
                smallMemory >> 20, small, largeMemory >> 20, large, Double(largeMemory) / Double(max(smallMemory, 1))))
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
                )
                INSERT INTO board (article_id, stage, headline, desk, assignee, stage_since, public_at)
                SELECT id, stage, 'Story ' || g, desk, CASE WHEN g % 7 = 0 THEN 'bo' END, at,
                       CASE WHEN stage = 'published' THEN at END
                FROM s
                """, [start, end])
        }
        // What a bulk load leaves to do (autovacuum of the new rows, a checkpoint of what they dirtied) would
        // otherwise run during the large archive's measurements and not the small one's.
        try await pool.query("VACUUM ANALYZE articles")
        try await pool.query("VACUUM ANALYZE board")
        try await pool.query("CHECKPOINT")
    }

    /// Prints the indexes each list filter's plan and the board's counts use.
    static func explain(_ pool: ConnectionPool) async throws {
        print("indexes the plans use at the large archive:")
        let queries: [(String, String, [(any PostgresEncodable)?])] = [
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
            (
                "board's counts", ReadModels.boardCounts,
                [Date(), Date().addingTimeInterval(-48 * 3_600), String?.none, String?.none]
            ),
        ]
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

    /// GETs `target` `requests` times on one connection: p50, p99 and the body's size.
    static func measure(
        _ client: inout LoadClient, _ target: String, headers: [(String, String)], requests: Int
    ) async throws -> Figure {
        // A few first requests open the server's connections and plan its statements; they are not measured.
        for _ in 0..<10 { _ = try await client.get(target, headers: headers) }
        var times: [Double] = []
        var bytes = 0
        for _ in 0..<requests {
            let start = ContinuousClock.now
            let (status, body) = try await client.get(target, headers: headers)
            let elapsed = ContinuousClock.now - start
            guard status == 200 else { throw BenchmarkFailure("\(target) answered \(status)") }
            times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
            bytes = body.readableBytes
        }
        times.sort()
        return Figure(
            p50: times[times.count / 2], p99: times[min(times.count - 1, times.count * 99 / 100)], bytes: bytes)
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
