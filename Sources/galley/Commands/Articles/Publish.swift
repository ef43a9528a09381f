import ArgumentParser
import Editorial
import Foundation
import Galley

/// `galley publish`: an editor publishes a signed-off story, now or under embargo.
struct Publish: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Publish a signed-off story now, or at an embargo time before which it is not public.",
        discussion: """
            Examples:
              galley publish 7k3q9m2xwd --as bo
              galley publish 7k3q9m2xwd --as bo --at 2026-12-01T06:00:00Z
            """)

    @OptionGroup var story: StoryArgument

    @Option(help: ArgumentHelp("The embargo: an RFC 3339 time such as 2026-12-01T06:00:00Z.", valueName: "TIME"))
    var at: String?

    @OptionGroup var options: ChangeOptions

    func validate() throws {
        if let at, EditorialCoding.date(from: at) == nil {
            throw ValidationError("--at takes an RFC 3339 time such as 2026-12-01T06:00:00Z, not \(at)")
        }
    }

    func run() async throws {
        try await NewsroomRun.perform(
            { .publish(at: at.flatMap { EditorialCoding.date(from: $0) }) }, on: story, options)
    }
}
