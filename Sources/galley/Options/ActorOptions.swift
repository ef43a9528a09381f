import ArgumentParser
import Foundation
import Galley

/// Who acts: every article command runs as a user of the users table.
struct ActorOptions: ParsableArguments {
    @Option(
        name: .customLong("as"),
        help: ArgumentHelp("Act as this user; default: GALLEY_USER.", valueName: "NAME"))
    var name: String?

    /// The acting user, refused when nobody is named or the user is unknown or disabled.
    func user(in newsroom: Newsroom) async throws -> User {
        guard let name = name ?? ProcessInfo.processInfo.environment["GALLEY_USER"], !name.isEmpty else {
            throw GalleyError.invalidInput("say who acts: --as NAME, or set GALLEY_USER")
        }
        return try await newsroom.users.actor(name)
    }
}

/// `--expected-version`: optimistic concurrency in the caller's hands.
struct ExpectedVersionOptions: ParsableArguments {
    @Option(
        name: .customLong("expected-version"),
        help: ArgumentHelp(
            "Refuse with a conflict (exit 75) unless the story is still at this version.", valueName: "N"))
    var version: Int64?

    func validate() throws {
        if let version, version < 1 { throw ValidationError("--expected-version is a story version, 1 or more") }
    }
}

/// What every command that reads stories takes, and those that file new ones: who acts, the output, the database.
struct ReadOptions: ParsableArguments {
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions
}

/// What every command that changes a story takes: who acts, the version it expects, the output, the database.
struct ChangeOptions: ParsableArguments {
    @OptionGroup var actor: ActorOptions
    @OptionGroup var expectedVersion: ExpectedVersionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions
}
