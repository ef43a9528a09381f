import ArgumentParser
import EventStore
import Foundation
import Galley

/// `galley board`: the newsroom's stories by stage.
struct Board: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the stories by stage, with how long each has been in its stage.",
        discussion: "With --json, one object a story (JSON lines).\n\nExample:\n  galley board --as bo")

    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await NewsroomRun.reading(database) { readModels, newsroom in
            _ = try await actor.user(in: newsroom)
            let entries = try await readModels.board()
            if output.json {
                for entry in entries { print(entry.jsonValue.canonicalText) }
            } else {
                print(StoryPrinter.board(entries, now: Date()))
            }
        }
    }
}
