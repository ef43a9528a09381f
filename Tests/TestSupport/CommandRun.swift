public import Foundation

/// The outcome of running a program to its end.
public struct CommandRun: Sendable {
    /// The exit status.
    public var status: Int32
    /// Everything written to standard output.
    public var output: String
    /// Everything written to standard error.
    public var errorOutput: String

    /// Runs the built `galley` binary with arguments and extra environment, the way a user would.
    public static func galley(
        _ arguments: [String], environment: [String: String] = [:], input: String? = nil
    ) async throws -> CommandRun {
        try await run(executable: BuiltProducts.galley, arguments: arguments, environment: environment, input: input)
    }

    /// Adds a user with one role through `galley users add`, and returns a bearer token from `galley tokens issue`.
    public static func userWithToken(
        _ name: String, role: String, environment: [String: String]
    ) async throws -> String {
        let added = try await galley(["users", "add", name, "--role", role], environment: environment)
        let issued = try await galley(["tokens", "issue", name], environment: environment)
        guard added.status == 0, issued.status == 0 else {
            throw CommandFailure(message: "could not add \(name): \(added.errorOutput)\(issued.errorOutput)")
        }
        return issued.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A set-up step of a test that did not work.
    public struct CommandFailure: Error, CustomStringConvertible {
        /// What went wrong.
        public var message: String
        /// The message.
        public var description: String { message }
    }

    /// Runs a program, capturing its output in files so a chatty program never blocks on a full pipe.
    public static func run(
        executable: URL, arguments: [String], environment: [String: String] = [:], input: String? = nil
    ) async throws -> CommandRun {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("galley-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("out")
        let errURL = folder.appendingPathComponent("err")
        let inURL = folder.appendingPathComponent("in")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: inURL.path, contents: Data((input ?? "").utf8))

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for key in ["GALLEY_DATABASE_URL", "DATABASE_URL", "GALLEY_USER", "PGHOST", "PGSERVICE"] {
            merged[key] = nil
        }
        merged.merge(environment) { $1 }
        process.environment = merged
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = try FileHandle(forReadingFrom: inURL)
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return CommandRun(
            status: status,
            output: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            errorOutput: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}

/// Where SwiftPM put the binaries this test run was built with.
public enum BuiltProducts {
    /// The folder holding the test bundle, `galley` and the other products.
    public static var folder: URL {
        let candidates = [Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments[0])].compactMap(\.self)
        for candidate in candidates {
            let folder = candidate.resolvingSymlinksInPath().deletingLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("galley").path) {
                return folder
            }
        }
        return TestDatabase.packageRoot.appendingPathComponent(".build/debug")
    }

    /// The `galley` executable.
    public static var galley: URL { folder.appendingPathComponent("galley") }
}
