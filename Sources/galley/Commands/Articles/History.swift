import ArgumentParser
import EventStore
import Foundation
import Galley

/// `galley history`: every event of one story.
struct History: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print every event of a story: position, version, time, actor, type and what happened.",
        discussion: """
            Examples:
              galley history 7k3q9m2xwd --as aud
              galley history 7k3q9m2xwd --as aud --json
            """)

    @OptionGroup var story: StoryArgument

    @Option(help: ArgumentHelp("At most this many events (default all, at most 200 a page).", valueName: "N"))
    var limit: Int?

    @Option(help: ArgumentHelp("Only the events after this version.", valueName: "VERSION"))
    var after: Int64 = 0

    @OptionGroup var options: ReadOptions

    func run() async throws {
        try await NewsroomRun.with(options) { newsroom, _ in
            let id = try await newsroom.resolve(story.id)
            let story = try await newsroom.story(id)
            let all = story.events.filter { $0.version > after }
            let events = all.prefix(try PageCursor.limit(limit ?? PageCursor.maxLimit))
            if events.count < all.count, let last = events.last {
                FilterOptions.announce(next: "\(last.version)", "galley history \(id)")
            }
            if options.output.json {
                for event in events { print(EventPresentation.json(event)) }
            } else {
                print(StoryPrinter.history(story, shown: events))
            }
        }
    }
}
