import Editorial
import EventStore
import Foundation
import Galley
import Postgres
import TestSupport
import Testing

@Suite("Unspiking takes the slug back, against the real log")
struct UnspikeSlugTests {
    static let content = ArticleContent(
        headline: "Tram line 4 to close for repairs", bylines: ["Ana Reis"],
        body: ["Line 4 will close for 12 days from May 3."], slug: "tram-line-4", desk: "city")

    /// Who holds `slug` in the registry of slugs.
    static func holders(of slug: String, _ newsroom: Newsroom) async throws -> [String] {
        try await newsroom.store.pool.query("SELECT article_id FROM article_slugs WHERE slug = $1", [slug]).map {
            try $0.decode("article_id")
        }
    }

    @Test("given a spiked story's slug taken by another, unspiking is refused naming it, until that one is spiked")
    func slugTaken() async throws {
        try await TestDatabase.withStore { store, _ in
            let newsroom = Newsroom(pool: store.pool)
            let ana = try await newsroom.users.add("ana", roles: [.reporter], by: "admin")
            let bo = try await newsroom.users.add("bo", roles: [.editor], by: "admin")
            let first = try await newsroom.draft(Self.content, by: ana).articleID
            try await newsroom.perform(.submit, on: first, by: ana)
            try await newsroom.perform(.spike(reason: "Repairs postponed."), on: first, by: bo)
            let second = try await newsroom.draft(Self.content, by: ana).articleID

            await #expect(
                throws: GalleyError.ruleViolation(
                    "the slug tram-line-4 now belongs to story \(second), which is not spiked, and a story keeps its "
                        + "slug for life: spike that story first, or file this one again as a new draft under "
                        + "another slug")
            ) { try await newsroom.perform(.unspike, on: first, by: bo) }
            #expect(try await newsroom.story(first).article.stage == .spiked)
            #expect(try await Self.holders(of: "tram-line-4", newsroom) == [second])

            try await newsroom.perform(.spike(reason: "Duplicate."), on: second, by: bo)
            // A refusal of the story's own (a reporter may not unspike) comes first and claims nothing.
            await #expect(throws: GalleyError.forbidden("ana (reporter) may not unspike a story")) {
                try await newsroom.perform(.unspike, on: first, by: ana)
            }
            #expect(try await Self.holders(of: "tram-line-4", newsroom) == [])

            let unspiked = try await newsroom.perform(.unspike, on: first, by: bo)
            #expect(unspiked.events == [.unspiked(Unspiked(stage: .editing))])
            #expect(try await newsroom.story(first).article.stage == .editing)
            #expect(try await Self.holders(of: "tram-line-4", newsroom) == [first])
            #expect(try await newsroom.resolve("tram-line-4") == first)
            await #expect(
                throws: GalleyError.ruleViolation(
                    "the slug tram-line-4 is taken by a story that is not spiked; choose another slug")
            ) { try await newsroom.draft(Self.content, by: ana) }
        }
    }
}
