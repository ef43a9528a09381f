import ArgumentParser
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

    @Argument(help: "The story: its id, a unique start of it, or its slug.")
    var id: String

    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await NewsroomRun.with(database) { newsroom in
            _ = try await actor.user(in: newsroom)
            let events = try await newsroom.story(try await newsroom.resolve(id)).events
            if output.json {
                for event in events { print(EventPresentation.json(event)) }
            } else {
                print(StoryPrinter.history(events))
            }
        }
    }
}
