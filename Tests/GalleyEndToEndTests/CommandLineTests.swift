import Foundation
import Postgres
import TestSupport
import Testing

@Suite("galley command line: foundation")
struct CommandLineTests {
    @Test("--help lists the subcommands and version prints the version")
    func help() async throws {
        let help = try await CommandRun.galley(["--help"])
        #expect(help.status == 0)
        for command in ["migrate", "db", "version"] { #expect(help.output.contains(command)) }
        let version = try await CommandRun.galley(["version"])
        #expect(version.status == 0)
        #expect(version.output.hasPrefix("galley "))
    }

    @Test("migrate twice in a row and twice at once leaves one schema; db status reports it")
    func migrate() async throws {
        try await TestDatabase.withFresh(migrated: false) { configuration in
            let environment = ["GALLEY_DATABASE_URL": configuration.conninfo]
            async let first = CommandRun.galley(["migrate"], environment: environment)
            async let second = CommandRun.galley(["migrate"], environment: environment)
            let runs = try await [first, second]
            #expect(runs.map(\.status) == [0, 0], "\(runs.map(\.errorOutput))")
            #expect(runs.filter { $0.output.contains("applied 0001_events.sql") }.count == 1)

            let again = try await CommandRun.galley(["migrate"], environment: environment)
            #expect(again.status == 0)
            #expect(again.output.contains("up to date"))

            let status = try await CommandRun.galley(["db", "status"], environment: environment)
            #expect(status.status == 0)
            #expect(status.output.contains("PostgreSQL 1"))
            #expect(status.output.contains("0 pending"))
            #expect(status.output.contains("applied   0001_events.sql"))
            #expect(status.output.contains(", 0 to apply"))
        }
    }

    @Test("an edited function file shows in db status and migrate applies it again, once")
    func editedFunctionFile() async throws {
        try await TestDatabase.withFresh(migrated: true) { configuration in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "galley-mig-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: TestDatabase.migrationsFolder, to: folder)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("functions/events_stream_head.sql")
            try (try String(contentsOf: file, encoding: .utf8) + "\n-- an edit\n").write(
                to: file, atomically: true, encoding: .utf8)
            let options = ["--migrations", folder.path]
            let environment = ["GALLEY_DATABASE_URL": configuration.conninfo]
            let status = try await CommandRun.galley(["db", "status"] + options, environment: environment)
            #expect(status.output.contains("  pending   functions/events_stream_head.sql"), "\(status.output)")
            let run = try await CommandRun.galley(["migrate"] + options, environment: environment)
            #expect(run.status == 0, "\(run.errorOutput)")
            #expect(run.output == "applied functions/events_stream_head.sql\n")
            let again = try await CommandRun.galley(["migrate"] + options, environment: environment)
            #expect(again.output.contains("up to date"))
        }
    }

    @Test("an unreachable database is one line naming the target, without its password, and exit 69")
    func unreachable() async throws {
        let run = try await CommandRun.galley(
            ["db", "status"], environment: ["GALLEY_DATABASE_URL": "postgresql://editor:hunter2@127.0.0.1:1/galley"])
        #expect(run.status == 69)
        #expect(run.errorOutput.hasPrefix("galley: cannot connect to PostgreSQL at editor@127.0.0.1:1/galley"))
        #expect(run.errorOutput.split(separator: "\n").count == 1)
        #expect(!run.errorOutput.contains("hunter2"))
        #expect(run.output.isEmpty)
    }

    @Test("a changed migration file stops migrate with exit 78 and names the file")
    func changedMigration() async throws {
        try await TestDatabase.withFresh(migrated: true) { configuration in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "galley-mig-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: TestDatabase.migrationsFolder, to: folder)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("0001_events.sql")
            try (try String(contentsOf: file, encoding: .utf8) + "\n-- an edit\n").write(
                to: file, atomically: true, encoding: .utf8)
            let run = try await CommandRun.galley(
                ["migrate", "--migrations", folder.path], environment: ["GALLEY_DATABASE_URL": configuration.conninfo])
            #expect(run.status == 78)
            #expect(run.errorOutput.contains("0001_events.sql changed after it was applied"))
        }
    }
}

@Suite("galley: a newcomer's mistakes")
struct NewcomerTests {
    @Test("a mistyped command is named, with the nearest one, not a complaint about the options after it")
    func mistypedCommand() async throws {
        let run = try await CommandRun.galley(["pubish", "x", "--as", "bo"])
        #expect(run.status == 64)
        #expect(run.errorOutput.contains("galley: unknown command pubish; did you mean publish?"))
    }
}
