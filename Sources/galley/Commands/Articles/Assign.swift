import ArgumentParser
import Editorial
import Galley

/// `galley assign`: an editor gives a story to someone.
struct Assign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Give a story to a user to work on.",
        discussion: "Example:\n  galley assign 7k3q9m2xwd cy --as bo")

    @OptionGroup var story: StoryArgument

    @Argument(help: "The user who takes it.")
    var user: String

    @OptionGroup var options: ChangeOptions

    func run() async throws {
        try await NewsroomRun.perform(
            { .assign(to: user) }, on: story, options)
    }
}
