import Editorial
import EventStore
import Foundation
import Galley
import Postgres
import TestSupport
import Testing

@Suite("Reads at archive scale: pages, filters, search and the board")
struct ArchiveReadTests {
    /// A newsroom with `count` stories drafted by ana, alternately on the city and world desks.
    func withStories(
        _ count: Int, _ body: (Newsroom, ReadModels, [String], [String: User]) async throws -> Void
    ) async throws {
        try await TestDatabase.withStore { store, configuration in
            let newsroom = Newsroom(pool: store.pool)
            var people: [String: User] = [:]
            for (name, roles) in [("ana", Set([Role.reporter])), ("bo", [.editor]), ("cy", [.factChecker])] {
                people[name] = try await newsroom.users.add(name, roles: roles, by: "admin")
            }
            var ids: [String] = []
            for index in 0..<count {
                let content = ArticleContent(
                    headline: index % 2 == 0 ? "Ferry crossing \(index) resumes" : "Tram line \(index) closes",
                    bylines: ["Ana Reis"],
                    body: [index % 2 == 0 ? "The harbour ferries carried commuters." : "Rails are being replaced."],
                    slug: "story-\(index)", desk: index % 2 == 0 ? "city" : "world")
                ids.append(try await newsroom.draft(content, by: people["ana"]!).articleID)
            }
            try await ProjectionRunner(configuration: configuration).catchUp(using: store.pool)
            try await body(newsroom, ReadModels(pool: store.pool), ids, people)
        }
    }

    @Test("keyset pages cover every story once, even while new stories arrive between pages")
    func stablePages() async throws {
        try await withStories(25) { newsroom, readModels, ids, people in
            var seen: [String] = []
            var cursor: String?
            var round = 0
            repeat {
                let page = try await readModels.stories(limit: 10, after: cursor)
                seen += page.items.map(\.id)
                cursor = page.next
                // A story filed between pages goes before the first page, not into the ones still to read.
                let content = ArticleContent(
                    headline: "Late story \(round)", bylines: ["Ana"], body: ["Text."], slug: "late-\(round)",
                    desk: "city")
                _ = try await newsroom.draft(content, by: people["ana"]!)
                try await ProjectionRunner(configuration: readModels.pool.configuration).catchUp(using: readModels.pool)
                round += 1
            } while cursor != nil
            #expect(seen.count == 25 && Set(seen) == Set(ids), "every story once: \(seen.count) seen")
            await #expect(
                throws: GalleyError.invalidInput("the cursor is not one this list gave; start again without it")
            ) {
                try await readModels.stories(after: "not-a-cursor")
            }
            await #expect(throws: GalleyError.invalidInput("a page holds 1 to 200 items, not 500")) {
                try await readModels.stories(limit: try PageCursor.limit(500))
            }
        }
    }

    @Test("filters combine: desk, assignee, stage, author, embargoed, times; search ranks and highlights")
    func filtersAndSearch() async throws {
        try await withStories(8) { newsroom, readModels, ids, people in
            let (ana, bo) = (people["ana"]!, people["bo"]!)
            try await newsroom.perform(.assign(to: "bo"), on: ids[0], by: bo)
            try await newsroom.perform(.submit, on: ids[2], by: ana)
            try await ProjectionRunner(configuration: readModels.pool.configuration).catchUp(using: readModels.pool)
            var filter = StoryFilter()
            filter.desk = "city"
            #expect(try await readModels.stories(filter).items.count == 4)
            filter.assignee = "bo"
            #expect(try await readModels.stories(filter).items.map(\.id) == [ids[0]])
            filter = StoryFilter()
            filter.stage = .editing
            filter.author = "ana"
            #expect(try await readModels.stories(filter).items.map(\.id) == [ids[2]])
            filter = StoryFilter()
            filter.embargoed = true
            #expect(try await readModels.stories(filter).items.isEmpty)
            filter = StoryFilter()
            filter.updatedAfter = Date().addingTimeInterval(3_600)
            #expect(try await readModels.stories(filter).items.isEmpty)

            // Stems match ("ferries" finds "ferry"), the best match first, the words highlighted.
            let hits = try await readModels.search("ferries")
            #expect(hits.items.count == 4)
            #expect(hits.items.allSatisfy { hit in hit.snippet.contains { $0.isMatch } })
            let phrase = try await readModels.search("\"tram line\" -closes")
            #expect(phrase.items.isEmpty)
            var world = StoryFilter()
            world.desk = "world"
            #expect(try await readModels.search("rails", filter: world).items.count == 4)
            let paged = try await readModels.search("ferry", limit: 3)
            let rest = try await readModels.search("ferry", limit: 3, after: paged.next)
            #expect(paged.items.count == 3 && rest.items.count == 1)
            // The first page says how many stories match in all, not how many it shows.
            #expect(paged.total == 4)
            #expect(Set((paged.items + rest.items).map(\.summary.id)).count == 4)
            #expect(try await readModels.lookUp("story-1").map(\.slug) == ["story-1"])
            #expect(try await readModels.lookUp("tram line 3").map(\.slug) == ["story-3"])
            #expect(try await readModels.lookUp("100%").isEmpty)
        }
    }

    @Test("the board shows active work and the recently closed, each column counted and paged")
    func boardOfActiveWork() async throws {
        try await withStories(5) { newsroom, readModels, ids, people in
            let bo = people["bo"]!
            try await newsroom.perform(.spike(reason: "Dropped"), on: ids[4], by: bo)
            try await ProjectionRunner(configuration: readModels.pool.configuration).catchUp(using: readModels.pool)
            let columns = try await readModels.board(limit: 2)
            #expect(
                columns.map(\.name) == [
                    "draft", "editing", "fact_check", "ready", "embargoed", "published", "spiked", "retracted",
                    "taken_down",
                ])
            let draft = try #require(columns.first)
            #expect(draft.count == 4 && draft.page.items.count == 2 && draft.page.next != nil)
            let more = try await readModels.board(limit: 2, after: ["draft": draft.page.next!])
            #expect(Set(more[0].page.items.map(\.id)).isDisjoint(with: draft.page.items.map(\.id)))
            #expect(columns.first { $0.name == "spiked" }?.count == 1)
            // A desk narrows every column and its count: the spiked story was the city desk's.
            let city = try await readModels.board(desk: "city")
            #expect(city.map(\.count) == [2, 0, 0, 0, 0, 0, 1, 0, 0])
            #expect(city[0].page.items.allSatisfy { $0.desk == "city" })
            let world = try await readModels.board(desk: "world", assignee: "nobody")
            #expect(world.map(\.count) == [0, 0, 0, 0, 0, 0, 0, 0, 0])
            // Past the window, a spiked story leaves the board.
            let later = try await readModels.board(recent: .seconds(3_600), now: Date().addingTimeInterval(7_200))
            #expect(later.first { $0.name == "spiked" }?.count == 0)
        }
    }
}
