import ArgumentParser
import Editorial
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
    @OptionGroup var options: ReadOptions

    func run() async throws {
        try await NewsroomRun.reading(options) { readModels, _, user in
            let page = try await readModels.stories(
                filters.filter(for: user), limit: try PageCursor.limit(filters.limit), after: filters.after)
            options.output.show(page.items, json: \.jsonValue, text: StoryPrinter.list)
            FilterOptions.announce(next: page.next, "galley list")
        }
    }
}
