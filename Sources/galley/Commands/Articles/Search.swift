import ArgumentParser
import Coding
import Editorial
import Foundation
import Galley

/// `galley search`: full-text search over the archive, or a quick look-up by the start of a slug or headline.
struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search the archive: headline, kicker, body, bylines and claims; best match first.",
        discussion: """
            The query is web-search syntax: words, "a phrase", or, -word. Stories in every language are \
            found; --language picks the stemming of the query (default en). Each hit shows its words around \
            the match between « and ». With --prefix, stories whose slug or headline starts with the text.

            Examples:
              galley search "night ferry" --as bo
              galley search 'ferry -strike' --stage published --as aud --json
              galley search --prefix night-fe --as bo
            """)

    @Argument(help: "What to search for.")
    var query: String?

    @Option(help: "Look up stories whose slug or headline starts with this.")
    var prefix: String?

    @Option(help: "The language of the query, such as en or de.")
    var language = "en"

    @OptionGroup var filters: FilterOptions
    @OptionGroup var options: ReadOptions

    func validate() throws {
        guard (query == nil) != (prefix == nil) else { throw ValidationError("give a query, or --prefix, not both") }
    }

    func run() async throws {
        try await NewsroomRun.reading(options) { readModels, _, user in
            if let prefix {
                options.output.show(try await readModels.lookUp(prefix), json: \.jsonValue, text: StoryPrinter.list)
                return
            }
            let page = try await readModels.search(
                query ?? "", language: language, filter: filters.filter(for: user),
                limit: try PageCursor.limit(filters.limit), after: filters.after)
            for hit in page.items {
                if options.output.json {
                    print(hit.jsonValue.canonicalText)
                } else {
                    print("\(hit.summary.id)  [\(hit.summary.stage.rawValue)]  \(hit.summary.headline)")
                    print("  \(hit.markedSnippet)")
                }
            }
            if page.items.isEmpty, !options.output.json { print("(none)") }
            FilterOptions.announce(next: page.next, "galley search \(query ?? "")")
        }
    }
}
