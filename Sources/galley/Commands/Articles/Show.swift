import ArgumentParser
import Editorial
import Foundation
import Galley

/// `galley show`: one story, now or as it stood at a version or a moment.
struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a story: stage, content, claims and verdicts, sign-off, corrections, comments.",
        discussion: """
            Examples:
              galley show 7k3q9m2xwd --as ana
              galley show 7k3q9m2xwd --as aud --version 3
              galley show 7k3q9m2xwd --as aud --at 2026-11-28T09:00:00Z --json
            """)

    @OptionGroup var story: StoryArgument

    @Option(help: "Show the story as it stood after this version.")
    var version: Int64?

    @Option(help: ArgumentHelp("Show the story as it stood at this RFC 3339 time.", valueName: "TIME"))
    var at: String?

    @OptionGroup var options: ReadOptions

    func validate() throws {
        if version != nil, at != nil { throw ValidationError("give --version or --at, not both") }
        if let version, version < 1 { throw ValidationError("--version is 1 or more") }
        if let at, EditorialCoding.date(from: at) == nil {
            throw ValidationError("--at takes an RFC 3339 time such as 2026-11-28T09:00:00Z, not \(at)")
        }
    }

    func run() async throws {
        try await NewsroomRun.reading(options) { readModels, newsroom, _ in
            let id = try await newsroom.resolve(story.id)
            let view: StoryView
            if version != nil || at != nil {
                // The past comes from the log itself: replayed to that version or moment.
                view = StoryView(
                    try await newsroom.story(id, through: version, at: at.flatMap { EditorialCoding.date(from: $0) }))
            } else {
                view = try await readModels.story(id)
            }
            print(options.output.json ? view.json() : StoryPrinter.story(view))
        }
    }
}
