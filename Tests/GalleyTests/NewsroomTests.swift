import Editorial
import EventStore
import Foundation
import Galley
import Postgres
import TestSupport
import Testing

@Suite("The newsroom against the real log")
struct NewsroomTests {
    static func content(_ slug: String) -> ArticleContent {
        ArticleContent(
            headline: "Tram line 4 to close for repairs", bylines: ["Ana Reis"],
            body: ["Line 4 will close for 12 days from May 3."], slug: slug, desk: "city")
    }

    /// How many stories the log holds.
    static func storyCount(_ newsroom: Newsroom) async throws -> Int {
        let rows = try await newsroom.store.pool.query(
            "SELECT count(DISTINCT stream_id) AS n FROM events WHERE stream_id LIKE 'article-%'")
        return Int(try rows[0].decode("n", as: Int64.self))
    }

    func withNewsroom(_ body: (Newsroom, User, User) async throws -> Void) async throws {
        try await TestDatabase.withStore { store, _ in
            let newsroom = Newsroom(pool: store.pool)
            let ana = try await newsroom.users.add("ana", roles: [.reporter], by: "admin")
            let bo = try await newsroom.users.add("bo", roles: [.editor], by: "admin")
            try await body(newsroom, ana, bo)
        }
    }

    @Test("given a draft request with only a headline and a body, the newsroom fills in byline, slug, desk, language")
    func draftDefaults() async throws {
        try await withNewsroom { newsroom, _, _ in
            _ = try await newsroom.users.setDisplayName("ana", "Ana Reis", by: "admin")
            let ana = try #require(try await newsroom.users.find("ana"))
            let request = DraftRequest(headline: "Tram line 4 to close", body: ["For 12 days."])
            var slugs: [String] = []
            for _ in 0..<3 {
                let filed = try await newsroom.draft(request, by: ana)
                let content = try #require(try await newsroom.story(filed.articleID).article.content)
                #expect(content.bylines == ["Ana Reis"] && content.desk == "news" && content.language == "en")
                slugs.append(content.slug)
            }
            // The slug is made from the headline; when taken, the next free number, as an import does.
            #expect(slugs == ["tram-line-4-to-close", "tram-line-4-to-close-2", "tram-line-4-to-close-3"])
            // A slug the person chose is theirs: taken, it is refused, never renamed.
            var chosen = request
            chosen.slug = "tram-line-4-to-close"
            await #expect(
                throws: GalleyError.ruleViolation(
                    "the slug tram-line-4-to-close is taken by a story that is not spiked; choose another slug")
            ) { try await newsroom.draft(chosen, by: ana) }
        }
    }

    @Test("given headlines with no Latin words, every draft still gets a slug of its own, past the numbered ones")
    func slugsNeverRunOut() async throws {
        try await withNewsroom { newsroom, ana, _ in
            var slugs: Set<String> = []
            for _ in 0..<22 {
                let filed = try await newsroom.draft(DraftRequest(headline: "Новости дня", body: ["Текст."]), by: ana)
                slugs.insert(try #require(try await newsroom.story(filed.articleID).article.content?.slug))
            }
            #expect(slugs.count == 22 && slugs.contains("story") && slugs.contains("story-20"))
        }
    }

    @Test("two drafts racing for one slug: exactly one files, the other is refused and writes nothing")
    func slugRace() async throws {
        try await withNewsroom { newsroom, ana, _ in
            for round in 0..<20 {
                let slug = "tram-line-\(round)"
                let outcomes = await withTaskGroup(of: Bool.self) { group in
                    for _ in 0..<2 {
                        group.addTask { (try? await newsroom.draft(Self.content(slug), by: ana)) != nil }
                    }
                    return await group.reduce(into: [Bool]()) { $0.append($1) }
                }
                #expect(outcomes.filter(\.self).count == 1, "round \(round)")
            }
            let count = try await Self.storyCount(newsroom)
            #expect(count == 20)
        }
    }

    @Test("a spiked story frees its slug; a story that is only in editing keeps it")
    func spikeFreesSlug() async throws {
        try await withNewsroom { newsroom, ana, bo in
            let first = try await newsroom.draft(Self.content("tram-line-4"), by: ana)
            try await newsroom.perform(.submit, on: first.articleID, by: ana)
            await #expect(
                throws: GalleyError.ruleViolation(
                    "the slug tram-line-4 is taken by a story that is not spiked; choose another slug")
            ) {
                try await newsroom.draft(Self.content("tram-line-4"), by: ana)
            }
            try await newsroom.perform(.spike(reason: "Repairs postponed."), on: first.articleID, by: bo)
            let second = try await newsroom.draft(Self.content("tram-line-4"), by: ana)
            #expect(try await newsroom.story(second.articleID).article.content?.slug == "tram-line-4")
            let numbered = try await newsroom.draft(Self.content("tram-line-4"), by: ana, findFreeSlug: true)
            #expect(try await newsroom.story(numbered.articleID).article.content?.slug == "tram-line-4-2")
        }
    }

    @Test("a draft and its claims are one append: a refused claim leaves no draft and no slug behind")
    func draftWithClaimsIsAtomic() async throws {
        try await withNewsroom { newsroom, ana, bo in
            let claims = [Claim(id: "c1", text: "Line 4 will close for 12 days from May 3.")]
            await #expect(throws: GalleyError.invalidInput("the claim's text is required")) {
                try await newsroom.draft(
                    Self.content("tram-line-4"), claims: claims + [Claim(id: "c2", text: " ")], by: bo)
            }
            let count = try await Self.storyCount(newsroom)
            #expect(count == 0)
            // A reporter's claims wait as proposals instead.
            let own = try await newsroom.draft(Self.content("tram-line-4"), claims: claims, by: ana)
            let story = try await newsroom.story(own.articleID).article
            #expect(story.claims.isEmpty && story.proposedClaims.map(\.id) == ["c1"])
            try await newsroom.perform(.spike(reason: "Test"), on: own.articleID, by: bo)
            let filed = try await newsroom.draft(Self.content("tram-line-4"), claims: claims, by: bo)
            #expect(filed.version == 2)
            #expect(filed.events.map(\.typeName) == ["ArticleDrafted", "ClaimAdded"])
        }
    }
}
