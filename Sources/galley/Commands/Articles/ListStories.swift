import ArgumentParser
import Editorial
import Foundation
import Galley

/// `galley list`: the stories, newest change first.
struct ListStories: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List stories, newest change first, optionally only one stage.",
        discussion: """
            Examples:
              galley list --as bo
              galley list --as bo --stage fact_check --json
            """)

    @Option(help: "draft, editing, fact_check, ready, published, spiked or retracted.")
    var stage: String?

    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if let stage, Stage(rawValue: stage) == nil {
            throw ValidationError(
                "--stage is one of \(Stage.allCases.map(\.rawValue).joined(separator: ", ")), not \(stage)")
        }
    }

    func run() async throws {
        try await NewsroomRun.reading(database) { readModels, newsroom in
            _ = try await actor.user(in: newsroom)
            let stories = try await readModels.stories(in: stage.flatMap(Stage.init(rawValue:)))
            if output.json {
                for story in stories { print(story.json()) }  // a list is JSON lines, a story a line
            } else {
                print(StoryPrinter.list(stories))
            }
        }
    }
}
