import Editorial
import Foundation
import Galley
import NIOCore
import Postgres

#if canImport(Glibc)
    import Glibc
#endif

/// What one person can do to everyone else: an editor's board read, p50 and p99, while nobody else works (the
/// baseline) and while one auditor runs searches from many connections and opens live feeds that never read,
/// as the attack that exhausted the service did, in the same run on the same server.
struct AbuseBenchmark {
    let database: BenchmarkDatabase
    let requests: Int
    let galley: String
    /// Parallel search loops and never-read feeds the abuser runs.
    var searchers = 24
    var feeds = 40

    func run() async throws {
        let pool = ConnectionPool(configuration: database.configuration, maxConnections: 2)
        let users = UserDirectory(pool: pool)
        let editor = try await users.add("victim", roles: [.editor], by: "bench")
        _ = try await users.add("abuser", roles: [.auditor], by: "bench")
        let tokens = TokenStore(pool: pool)
        let victim = try await tokens.issue(for: "victim", by: "bench").token
        let abuser = try await tokens.issue(for: "abuser", by: "bench").token
        FileHandle.standardError.write(Data("abuse: filling the archive with 25 long stories\n".utf8))
        try await ReadsBenchmark.fill(pool, from: 0, to: 2_000)
        try await Self.longStories(Newsroom(pool: pool), by: editor)
        await pool.close()
        let server = try ReadsBenchmark.startServer(galley, database: database.configuration)
        defer { server.terminate() }
        let port = try ReadsBenchmark.port(of: server)
        let board = ReadsBenchmark.Target(path: "/v1/board?limit=20", headers: [("Authorization", "Bearer \(victim)")])

        let quiet = try await LoadClient.withConnection(port: port) { client in
            // The projections fold the archive in first: a read meanwhile waits for them, which is not the quiet.
            for _ in 0..<600 {
                let ready = try await client.get("/readyz", headers: [])
                if String(buffer: ready.body).contains(#""projection_lag":0"#) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            return try await ReadsBenchmark.measure(&client, board.path, headers: board.headers, requests: requests)
        }
        let (attacked, abuse) = try await withThrowingTaskGroup(of: AbuseTally?.self) { group in
            for index in 0..<searchers {
                group.addTask { try await Self.search(port: port, token: abuser, index: index) }
            }
            let sockets = (0..<feeds).compactMap { _ in Self.openUnreadFeed(port: port, token: abuser) }
            defer { for socket in sockets { close(socket) } }
            try await Task.sleep(for: .seconds(1))  // the searches under way
            let figure = try await LoadClient.withConnection(port: port) { client in
                try await ReadsBenchmark.measure(&client, board.path, headers: board.headers, requests: requests)
            }
            group.cancelAll()
            var tally = AbuseTally()
            for try await part in group { if let part { tally.add(part) } }
            tally.feeds = sockets.count
            return (figure, tally)
        }
        print("another person's board (/v1/board?limit=20) while one auditor abuses the service, \(requests) requests")
        print(String(format: "  quiet        p50 %7.2f ms  p99 %7.2f ms", quiet.p50, quiet.p99))
        print(
            String(
                format: "  under abuse  p50 %7.2f ms  p99 %7.2f ms   p99 ratio %.2fx (target: within 2x)",
                attacked.p50, attacked.p99, attacked.p99 / quiet.p99))
        print(
            "  the abuser: \(searchers) search loops sent \(abuse.sent) searches (answers: \(abuse.describe)); "
                + "\(abuse.feeds) feeds from the first event, never read")
    }

    /// What the abuser's searches were answered.
    struct AbuseTally: Sendable {
        var sent = 0
        var statuses: [Int: Int] = [:]
        var feeds = 0

        mutating func add(_ other: AbuseTally) {
            sent += other.sent
            statuses.merge(other.statuses, uniquingKeysWith: +)
        }

        var describe: String {
            statuses.sorted { $0.key < $1.key }.map { "\($0.value) x \($0.key)" }.joined(separator: ", ")
        }
    }

    /// One search loop until cancelled: common words over the long stories, a long OR query, and the nine quoted
    /// phrases that once grew a backend to 24 GB, each with the largest page.
    static func search(port: Int, token: String, index: Int) async throws -> AbuseTally? {
        let queries = [
            "budget", "budget council city ferry harbour tram bridge school",
            String(repeating: "budget or ", count: 8) + "x",
            (1...9).map { "%22the+council+budget+\($0)%22" }.joined(separator: "+"),
        ].map { $0.replacingOccurrences(of: " ", with: "+") }
        var tally = AbuseTally()
        do {
            try await LoadClient.withConnection(port: port) { client in
                var turn = index
                while !Task.isCancelled {
                    let reply = try await client.get(
                        "/v1/search?q=\(queries[turn % queries.count])&limit=200",
                        headers: [("Authorization", "Bearer \(token)")])
                    tally.sent += 1
                    tally.statuses[reply.status, default: 0] += 1
                    turn += 1
                }
            }
        } catch {
            // Cancelled mid-request, or let go by the server: what was counted stands.
        }
        return tally
    }

    /// A connection that asks for the live feed from the log's start and never reads a byte of it.
    static func openUnreadFeed(port: Int, token: String) -> Int32? {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        let request =
            "GET /v1/events?after=0 HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
            + "Authorization: Bearer \(token)\r\n\r\n"
        guard connected == 0, request.withCString({ send(socket, $0, strlen($0), 0) }) > 0 else {
            close(socket)
            return nil
        }
        return socket
    }

    /// Twenty-five stories of 45 paragraphs of about 19,900 characters of common words.
    static func longStories(_ newsroom: Newsroom, by editor: User) async throws {
        let words = ["the", "council", "budget", "city", "ferry", "harbour", "tram", "bridge", "school", "said"]
        var generator = SystemRandomNumberGenerator()
        for number in 1...25 {
            let paragraphs = (1...45).map { _ in
                var text = ""
                while text.count < 19_900 { text += words.randomElement(using: &generator)! + " " }
                return text
            }
            let content = ArticleContent(
                headline: "Long story \(number)", bylines: ["Bench"], body: paragraphs, slug: "long-\(number)",
                desk: "city")
            _ = try await newsroom.draft(content, by: editor)
        }
    }
}
