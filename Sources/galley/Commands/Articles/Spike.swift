import ArgumentParser
import Editorial
import Galley

/// `galley spike`: an editor drops a story that was never published.
struct Spike: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Drop an unpublished story, saying why; its slug becomes free.",
        discussion: "Example:\n  galley spike 7k3q9m2xwd --as bo --reason \"Overtaken by events.\"")

    @OptionGroup var story: StoryArgument

    @Option(help: "Why it is dropped.")
    var reason: String

    @OptionGroup var options: ChangeOptions

    func run() async throws {
        try await NewsroomRun.perform(
            { .spike(reason: reason) }, on: story, options)
    }
}
