import ArgumentParser
import Coding
import Foundation
import Galley

/// `galley diff`: what changed in a story's words between two revisions.
struct Diff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what changed in a story between two revisions: every field, headline and body word by word.",
        discussion: """
            Removed words are shown as [-words-], added ones as {+words+}; ¶ marks a paragraph break. Other \
            fields (kicker, bylines, desk, caption, language) are shown whole, old → new.

            Example:
              galley diff 7k3q9m2xwd --as aud --from 1 --to 3
            """)

    @OptionGroup var story: StoryArgument

    @Option(help: "The earlier revision.")
    var from: Int

    @Option(help: "The later revision.")
    var to: Int

    @OptionGroup var options: ReadOptions

    func validate() throws {
        guard from >= 1, to >= 1 else { throw ValidationError("revisions start at 1") }
    }

    func run() async throws {
        try await NewsroomRun.with(options) { newsroom, _ in
            let id = try await newsroom.resolve(story.id)
            let diff = try RevisionDiff(try await newsroom.story(id), from: from, to: to)
            print(options.output.json ? diff.jsonValue(id: id).canonicalText : StoryPrinter.diff(diff, id: id))
        }
    }
}
