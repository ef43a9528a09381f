import Foundation
import TestSupport
import Testing

/// The compose files at the package's root (`docker-compose*.yml`), as `docker-compose config --quiet` reads them:
/// the file a reader first starts Galley with, and the failover pair's, must parse, know every key they use and
/// interpolate. Debian's `docker-compose` checks that without a container engine, so the test runs where the
/// others do; scripts/bootstrap installs it.
@Suite("Compose files")
struct ComposeFileTests {
    /// `docker-compose` on PATH, if any.
    static let dockerCompose: URL? = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        .map { URL(fileURLWithPath: String($0)).appendingPathComponent("docker-compose") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    /// The compose files at the package's root, by name.
    static func composeFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: TestDatabase.packageRoot.path)
            .filter { $0.hasPrefix("docker-compose") && $0.hasSuffix(".yml") }
            .sorted()
            .map { TestDatabase.packageRoot.appendingPathComponent($0) }
    }

    @Test("docker-compose config accepts every docker-compose*.yml at the root")
    func everyFileIsValid() async throws {
        // Missing, the tool fails the test rather than skipping it: a skip would pass a broken file unseen.
        let tool = try #require(
            Self.dockerCompose,
            "docker-compose is not on PATH; scripts/bootstrap installs it (apt-get install docker-compose)")
        let files = try Self.composeFiles()
        #expect(files.map(\.lastPathComponent).contains("docker-compose.yml"), "found only \(files)")
        for file in files {
            let run = try await CommandRun.run(executable: tool, arguments: ["-f", file.path, "config", "--quiet"])
            #expect(run.status == 0, "\(file.lastPathComponent) is not valid: \(run.errorOutput)")
        }
    }
}
