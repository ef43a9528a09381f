import ArgumentParser
import Editorial
import Galley

/// `galley send-back`: an editor returns a story to its reporter.
struct SendBack: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send-back",
        abstract: "Send a story back to its reporter, saying what to do.",
        discussion: """
            Example:
              galley send-back 7k3q9m2xwd --as bo \\
                --note "Name the transit authority's source."
            """)

    @OptionGroup var story: StoryArgument

    @Option(help: "What the reporter should do.")
    var note: String

    @OptionGroup var options: ChangeOptions

    func run() async throws {
        try await NewsroomRun.perform(
            { .sendBack(note: note) }, on: story, options)
    }
}
