import Coding
import Foundation
import Postgres

/// PostgreSQL's own C client running the raw INSERT, as a separate process against the same database.
struct Pgbench {
    let configuration: ConnectionConfiguration

    /// The statement `RawInserts` sends, all eight values as parameters: the client's own stream, a random
    /// version on it, the time of the run where the layer sends each row's own, and `RawInserts`' values.
    static let script = """
        \\set version random(1, 9000000000000000000)
        INSERT INTO raw_events (stream_id, version, type, data, metadata, command_id, recorded_at, hash)
        VALUES (:client_id, :version, :type, :data, :metadata, :command, :recorded, :hash);
        """

    static var variables: [String: String] {
        [
            "type": "ArticleEdited", "data": RawInserts.data, "metadata": RawInserts.metadata,
            "command": RawInserts.command.uuidString.lowercased(), "recorded": Date().ISO8601Format(),
            "hash": #"\x"# + Hex.encode(RawInserts.hash),
        ]
    }

    /// Transactions per second with `clients` connections for `seconds` (`pgbench -M prepared`), waited for
    /// off Swift's cooperative threads.
    func rate(clients: Int, seconds: Int) async throws -> Double {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try self.run(clients: clients, seconds: seconds) })
            }
        }
    }

    private func run(clients: Int, seconds: Int) throws -> Double {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("galley-pgbench-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("insert.sql")
        try Self.script.write(to: script, atomically: true, encoding: .utf8)
        let outputFile = folder.appendingPathComponent("output.txt")
        let status = try Self.spawn(
            [
                "pgbench", "-n", "-M", "prepared", "-c", "\(clients)", "-j", "\(min(clients, 2))", "-T", "\(seconds)",
                "-f", script.path, configuration.conninfo,
            ] + Self.variables.sorted { $0.key < $1.key }.flatMap { ["-D", "\($0.key)=\($0.value)"] },
            output: outputFile.path)
        let text = try String(contentsOf: outputFile, encoding: .utf8)
        guard status == 0,
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
            let rate = Double(line.dropFirst(6).prefix { $0.isNumber || $0 == "." })
        else {
            throw BenchmarkFailure("pgbench failed (exit \(status)); is PostgreSQL's client installed?")
        }
        return rate
    }

    /// Runs a program found on PATH with stdout to `output` and returns its exit status. Not `Process`: its child
    /// keeps the spawning thread's blocked signals, and pgbench's `-T` ends on SIGALRM.
    private static func spawn(_ arguments: [String], output: String) throws -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid = pid_t()
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard spawned == 0 else {
            throw BenchmarkFailure("could not start \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WEXITSTATUS, which Swift does not import.
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
    }
}
