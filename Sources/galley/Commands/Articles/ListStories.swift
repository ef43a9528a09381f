import ArgumentParser
import Editorial
import EventStore
import Foundation
import Galley

/// `galley list`: the stories, newest change first, a page at a time.
struct ListStories: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List stories, newest change first, a page at a time, with filters.",
        discussion: """
            Each story is a summary (the whole story is galley show ID). When there is more, standard error \
            says how to ask for the next page. With --json, one object a story (JSON lines).

            Examples:
              galley list --as bo
              galley list --as bo --stage fact_check --desk city --json
              galley list --as bo --mine --limit 20
            """)

    @OptionGroup var filters: FilterOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await NewsroomRun.reading(database) { readModels, newsroom in
            let user = try await actor.user(in: newsroom)
            let page = try await readModels.stories(
                filters.filter(for: user), limit: try PageCursor.limit(filters.limit), after: filters.after)
            if output.json {
                for story in page.items { print(story.jsonValue.canonicalText) }
            } else {
                print(StoryPrinter.list(page.items))
            }
            FilterOptions.announce(next: page.next, "galley list")
        }
    }
}
