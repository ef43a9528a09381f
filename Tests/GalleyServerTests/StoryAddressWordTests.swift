import Hummingbird
import Postgres
import Testing

@testable import Galley
@testable import GalleyServer

@Suite("No story can take a word its addresses use")
struct StoryAddressWordTests {
    @Test("every word after a story's id in the API's and the web app's addresses is reserved as an id or slug")
    func reservedWords() async throws {
        let server = GalleyServer(database: try ConnectionConfiguration("host=127.0.0.1 port=1"))
        let pool = ConnectionPool(
            configuration: try ConnectionConfiguration("host=127.0.0.1 port=1"), maxConnections: 1)
        let router = server.makeRouter(
            pool: pool, projections: ProjectionRunner(configuration: server.database),
            tokens: TokenCache(tokens: TokenStore(pool: pool), configuration: server.database),
            feed: LogFeed(configuration: server.database, logger: server.logger),
            templates: try await WebTemplates.load())
        var words: Set<String> = []
        for route in router.routes {
            let segments = route.path.description.split(separator: "/").map(String.init)
            for (index, segment) in segments.enumerated() where index > 0 && !segment.hasPrefix("{") {
                // The word right after /v1/articles/ or /stories/ (`/stories/new`), or after a story's id.
                let previous = segments[index - 1]
                if ["articles", "stories"].contains(previous) || previous == "{id}" { words.insert(segment) }
            }
        }
        #expect(words.isSuperset(of: ["edits", "claims", "new", "history", "export"]), "\(words)")
        let missing = words.subtracting(StoryNames.reserved).sorted()
        #expect(missing.isEmpty, "words a story's id or slug could take: \(missing); add them to StoryNames.reserved")
    }
}
