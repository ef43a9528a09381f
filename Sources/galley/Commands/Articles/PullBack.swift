import ArgumentParser
import Editorial
import Galley

/// `galley pull-back`: an editor takes a story back from fact-check.
struct PullBack: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull-back",
        abstract: "Take a story back from fact-check to editing; its claims and verdicts stay.",
        discussion: "Example:\n  galley pull-back 7k3q9m2xwd --as bo")

    @OptionGroup var story: StoryArgument
    @OptionGroup var options: ChangeOptions

    func run() async throws {
        try await NewsroomRun.perform(
            { .pullBack }, on: story, options)
    }
}
