import ArgumentParser
import Editorial
import Galley

/// `galley takedown`: an editor removes a story that was published from every public output, for a legal reason.
struct Takedown: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove a published story from every public output, for a legal reason.",
        discussion: """
            Unlike a retraction, readers are told only that the story was removed: its page answers 410 Gone, \
            feeds carry a tombstone, partners receive a cancellation. The reason stays in the newsroom; the \
            story stays in the log for auditors. A story published, embargoed or retracted may be taken down; \
            nothing brings it back.

            Example:
              galley takedown 7k3q9m2xwd --as bo --reason "Court order 2026/114."
            """)

    @OptionGroup var story: StoryArgument

    @Option(help: "Why it is removed; kept in the newsroom, never shown to readers.")
    var reason: String

    @OptionGroup var options: ChangeOptions

    func run() async throws {
        try await NewsroomRun.perform({ .takedown(reason: reason) }, on: story, options)
    }
}
