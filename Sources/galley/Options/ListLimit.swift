import ArgumentParser
import Coding
import Galley
import Postgres

/// `--limit` of the admin's lists (users, tokens), which page through their whole table by default.
struct ListLimit: ParsableArguments {
    @Option(help: ArgumentHelp("At most this many (default \(PageCursor.maxLimit)).", valueName: "N"))
    var limit: Int?

    /// The page size asked for, refused when it is out of bounds.
    func size() throws -> Int { try PageCursor.limit(limit ?? PageCursor.maxLimit) }
}

extension DatabaseOptions {
    /// Reads one page of a list with a pool of its own, says on standard error how to ask for the next
    /// (`command --after CURSOR`), then prints the page as `output` asks; failures are reported as every command's.
    func list<Item: Sendable>(
        _ command: String, output: OutputOptions, read: (ConnectionPool) async throws -> Page<Item>,
        json: (Item) -> JSONValue, text: ([Item]) -> String
    ) async throws {
        try await CommandFailure.report {
            let page = try await withPool(read)
            FilterOptions.announce(next: page.next, command)
            output.show(page.items, json: json, text: text)
        }
    }
}
