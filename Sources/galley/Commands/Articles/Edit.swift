import ArgumentParser
import Editorial
import Foundation
import Galley

/// `galley edit`: changes some fields of a story that is not yet published.
struct Edit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Change a story's headline, kicker, bylines, body, desk or caption before publication.",
        discussion: """
            Only the fields given change. A change of headline or body after the fact-check sign-off sends the \
            story back to fact-check. A published story is corrected (galley correct), never edited.

            Examples:
              galley edit 7k3q9m2xwd --as bo \\
                --headline "Night buses to run to the airport from March"
              galley edit 7k3q9m2xwd --as bo --body-file revised.txt --expected-version 4
            """)

    @OptionGroup var story: StoryArgument

    @OptionGroup var change: ContentChangeOptions
    @OptionGroup var body: BodyInput
    @OptionGroup var options: ChangeOptions

    func run() async throws {
        try await NewsroomRun.perform(
            { .edit(try change.requiredChange(body: body.paragraphs(required: false))) }, on: story, options)
    }
}

/// The content fields `edit` and `correct` may change.
struct ContentChangeOptions: ParsableArguments {
    @Option(help: "A new headline.")
    var headline: String?

    @Option(help: "A new kicker; an empty string removes it.")
    var kicker: String?

    @Option(name: .customLong("byline"), help: "New bylines; repeat for several.")
    var bylines: [String] = []

    @Option(help: "A new desk.")
    var desk: String?

    @Option(help: "A new photo caption; an empty string removes it.")
    var caption: String?

    /// The fields given, which may be none (a correction that only adds a note).
    func change(body: [String]?) -> ContentChange {
        ContentChange(
            headline: headline, kicker: kicker, bylines: bylines.isEmpty ? nil : bylines, body: body, desk: desk,
            photoCaption: caption)
    }

    /// The fields given, refused when there are none (an edit must change something).
    func requiredChange(body: [String]?) throws -> ContentChange {
        let change = change(body: body)
        guard change != ContentChange() else {
            throw GalleyError.invalidInput(
                "say what changes: --headline, --kicker, --byline, --body-file, --desk or --caption")
        }
        return change
    }
}
