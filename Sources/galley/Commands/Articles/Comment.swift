import ArgumentParser
import Editorial
import Galley

/// `galley comment`: an editorial comment on the story's current revision.
struct Comment: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Comment on a story's current revision (not shown to readers).",
        discussion: "Example:\n  galley comment 7k3q9m2xwd --as bo \"Can we get the operator on record?\"")

    @OptionGroup var story: StoryArgument

    @Argument(help: "The comment.")
    var text: String

    @OptionGroup var options: ChangeOptions

    func run() async throws {
        try await NewsroomRun.perform(
            { .comment(text) }, on: story, options)
    }
}
