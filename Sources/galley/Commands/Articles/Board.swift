import ArgumentParser
import Foundation
import Galley

/// `galley board`: the newsroom's stories by stage.
struct Board: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the stories by stage, with how long each has been in its stage.",
        discussion: "Example:\n  galley board --as bo")

    @OptionGroup var actor: ActorOptions
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await NewsroomRun.reading(database) { readModels, newsroom in
            _ = try await actor.user(in: newsroom)
            print(StoryPrinter.board(try await readModels.board(), now: Date()))
        }
    }
}
