import ArgumentParser
import Editorial
import Galley

/// `galley recall`: a reporter takes back a submission the desk has not acted on yet.
struct Recall: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Take a submitted story back to draft, before the desk acts on it.",
        discussion: """
            Refused once anyone but its author has done something to it since it was submitted (assigned, \
            edited, commented, sent back or on): then an editor sends it back.

            Example:
              galley recall 7k3q9m2xwd --as ana
            """)

    @OptionGroup var story: StoryArgument
    @OptionGroup var options: ChangeOptions

    func run() async throws {
        try await NewsroomRun.perform(
            { .recall }, on: story, options)
    }
}
