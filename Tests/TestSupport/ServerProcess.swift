import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A `galley serve` process on loopback, started the way an operator would and stopped with SIGTERM.
public final class ServerProcess: @unchecked Sendable {
    /// The port it listens on.
    public let port: Int
    private let process: Process
    private let folder: URL

    /// Starts `galley serve --port 0 ...` (or another serving command, such as `witness serve`) and waits until
    /// it says where it listens.
    public static func start(
        command: [String] = ["serve"], environment: [String: String], arguments: [String] = []
    ) async throws -> ServerProcess {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("galley-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let output = folder.appendingPathComponent("out")
        let errors = folder.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = Process()
        process.executableURL = BuiltProducts.galley
        process.arguments = command + ["--port", "0"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let text = String(decoding: (try? Data(contentsOf: output)) ?? Data(), as: UTF8.self)
            if let match = text.firstMatch(of: /serving on http:\/\/[^:]+:(\d+)/), let port = Int(match.1) {
                return ServerProcess(port: port, process: process, folder: folder)
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        let said = String(decoding: (try? Data(contentsOf: errors)) ?? Data(), as: UTF8.self)
        throw ServerFailure(message: "galley \(command.joined(separator: " ")) did not start: \(said)")
    }

    private init(port: Int, process: Process, folder: URL) {
        self.port = port
        self.process = process
        self.folder = folder
    }

    /// The memory the process holds now (its resident set, from /proc), in bytes; nil when it cannot be read.
    public var residentBytes: Int? {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return nil }
        return kilobytes * 1_024
    }

    /// Kills the process with SIGKILL, as a crash or the OOM killer would, and waits for it to be gone.
    public func kill() async {
        _ = Glibc.kill(process.processIdentifier, SIGKILL)
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Sends SIGKILL at once if the process still runs, without waiting: for a `defer` on a test's way out.
    public func killIfRunning() {
        if process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGKILL) }
    }

    /// Sends SIGTERM and waits for the exit status; a process still running after 60 s is killed (and its
    /// status says so), so that a shutdown that hangs fails its test instead of holding the run.
    public func stop() async -> Int32 {
        process.terminate()
        let deadline = ContinuousClock.now + .seconds(60)
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGKILL) }
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        try? FileManager.default.removeItem(at: folder)
        return process.terminationStatus
    }

    /// Why a server could not be started.
    public struct ServerFailure: Error, CustomStringConvertible {
        /// What happened.
        public var message: String
        /// The message.
        public var description: String { message }
    }
}
