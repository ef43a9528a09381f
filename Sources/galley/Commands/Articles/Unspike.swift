import ArgumentParser
import Editorial
import Galley

/// `galley unspike`: an editor restores a spiked story.
struct Unspike: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restore a spiked story to the stage it was spiked from; it takes its slug back.",
        discussion: """
            A story spiked while embargoed comes back ready, to be published again. Refused while another story \
            that is not spiked holds the slug.

            Example:
              galley unspike 7k3q9m2xwd --as bo
            """)

    @OptionGroup var story: StoryArgument
    @OptionGroup var options: ChangeOptions

    func run() async throws {
        try await NewsroomRun.perform(
            { .unspike }, on: story, options)
    }
}
