public import ArgumentParser
import Editorial
import Galley

/// A closed set given with `--kind`: ArgumentParser refuses any other value and lists these.
extension CorrectionKind: ExpressibleByArgument {}

/// `galley correct`: an editor changes a published story with a public note.
struct Correct: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Correct a published story: a correction, clarification or editor's note, with public text.",
        discussion: """
            The public text is shown with the story; the content options say what changes (none for a note \
            that changes nothing).

            Example:
              galley correct 7k3q9m2xwd --as bo --kind correction \\
                --text "An earlier version gave the wrong start date." --body-file fixed.txt
            """)

    @OptionGroup var story: StoryArgument

    @Option(help: "What the change is.")
    var kind: CorrectionKind

    @Option(help: "The public text shown with the story.")
    var text: String

    @OptionGroup var change: ContentChangeOptions
    @OptionGroup var body: BodyInput
    @OptionGroup var options: ChangeOptions

    func run() async throws {
        try await NewsroomRun.perform(
            {
                let paragraphs = try body.paragraphs(required: false)
                let change = change.change(body: paragraphs)
                return .correct(kind: kind, text: text, change: change)
            }, on: story, options)
    }
}
