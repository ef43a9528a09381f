import ArgumentParser
import Editorial
import Galley

/// `galley retract`: an editor withdraws a published story.
struct Retract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Withdraw a published story, saying why.",
        discussion: "Example:\n  galley retract 7k3q9m2xwd --as bo --reason \"The source recanted.\"")

    @OptionGroup var story: StoryArgument

    @Option(help: "Why it is withdrawn; shown to readers.")
    var reason: String

    @OptionGroup var options: ChangeOptions

    func run() async throws {
        try await NewsroomRun.perform(
            { .retract(reason: reason) }, on: story, options)
    }
}
