import ArgumentParser
import Editorial
import Galley

/// `galley submit`: a reporter hands the draft to the editors.
struct Submit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send a draft to the editors.",
        discussion: "Example:\n  galley submit 7k3q9m2xwd --as ana")

    @OptionGroup var story: StoryArgument
    @OptionGroup var options: ChangeOptions

    func run() async throws {
        try await NewsroomRun.perform(
            { .submit }, on: story, options)
    }
}
