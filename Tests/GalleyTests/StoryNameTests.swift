import Editorial
import EventStore
import Foundation
import Galley
import Postgres
import TestSupport
import Testing

/// A name a person gives a story (its id or its slug) must not be taken by `resolve` for another story.
@Suite("Story names are unambiguous")
struct StoryNameTests {
    static func content(_ slug: String) -> ArticleContent {
        ArticleContent(
            headline: "City budget passes", bylines: ["Ana Reis"], body: ["The council voted 7 to 2."], slug: slug,
            desk: "city")
    }

    /// A newsroom with ana (reporter) and one story of hers, `city-budget-dedc`, slug `city-budget`, in the read
    /// models as a person would have seen it.
    func withStory(_ body: (Newsroom, User) async throws -> Void) async throws {
        try await TestDatabase.withStore { store, configuration in
            let newsroom = Newsroom(pool: store.pool)
            let ana = try await newsroom.users.add("ana", roles: [.reporter], by: "admin")
            _ = try await newsroom.draft(Self.content("city-budget"), by: ana, id: "city-budget-dedc")
            try await ProjectionRunner(configuration: configuration).catchUp(using: store.pool)
            try await body(newsroom, ana)
        }
    }

    /// The refusal a chosen id gets, which must be the named rule and leave the story's names where they were.
    func refusal(_ newsroom: Newsroom, _ user: User, id: String, slug: String = "decoy") async throws -> String? {
        do {
            _ = try await newsroom.draft(Self.content(slug), by: user, id: id)
            return nil
        } catch GalleyError.ruleViolation(let message) {
            return message
        }
    }

    @Test("an id that is another story's slug is refused, and the slug still names that story")
    func idIsAnotherSlug() async throws {
        try await withStory { newsroom, ana in
            let message = try await refusal(newsroom, ana, id: "city-budget")
            #expect(message?.contains("an id may not be another story's slug") == true, "\(message ?? "accepted")")
            #expect(try await newsroom.resolve("city-budget") == "city-budget-dedc")
        }
    }

    @Test("an id that starts another story's id is refused, and that start still names that story")
    func idStartsAnotherID() async throws {
        try await withStory { newsroom, ana in
            let message = try await refusal(newsroom, ana, id: "city-bud")
            #expect(message?.contains("an id may not start another story's id") == true, "\(message ?? "accepted")")
            #expect(try await newsroom.resolve("city-bud") == "city-budget-dedc")
        }
    }

    @Test("an id that starts with another story's id is refused")
    func idExtendsAnotherID() async throws {
        try await withStory { newsroom, ana in
            let message = try await refusal(newsroom, ana, id: "city-budget-dedc-2")
            #expect(
                message?.contains("an id may not start with another story's id") == true, "\(message ?? "accepted")")
        }
    }

    @Test(
        "reserved words are refused as ids: new, the story pages' words, the actions",
        arguments: [
            "new", "history", "diff", "export", "comments", "publish", "send-back",
        ])
    func reservedWords(_ word: String) async throws {
        try await withStory { newsroom, ana in
            let message = try await refusal(newsroom, ana, id: word)
            #expect(message?.contains("the id \(word) is a reserved word") == true, "\(message ?? "accepted")")
        }
    }

    @Test("a slug that is another story's id is refused, and the id still names that story")
    func slugIsAnotherID() async throws {
        try await withStory { newsroom, ana in
            let message = try await refusal(newsroom, ana, id: "other-story", slug: "city-budget-dedc")
            #expect(message?.contains("a slug may not be another story's id") == true, "\(message ?? "accepted")")
            await #expect(
                throws: GalleyError.ruleViolation(
                    "the slug city-budget-dedc is another story's id: a slug may not be another story's id; "
                        + "choose another slug")
            ) {
                _ = try await newsroom.draft(Self.content("city-budget-dedc"), by: ana)
            }
            #expect(try await newsroom.resolve("city-budget-dedc") == "city-budget-dedc")
        }
    }

    @Test("a slug that starts another story's id is refused, and that start still names that story")
    func slugStartsAnotherID() async throws {
        try await withStory { newsroom, ana in
            let message = try await refusal(newsroom, ana, id: "other-story", slug: "city-budget-de")
            #expect(message?.contains("a slug may not start another story's id") == true, "\(message ?? "accepted")")
            #expect(try await newsroom.resolve("city-budget-de") == "city-budget-dedc")
        }
    }

    @Test("an unambiguous chosen id is filed, and a retried draft with it answers as the first time")
    func unambiguousID() async throws {
        try await withStory { newsroom, ana in
            let command = UUID()
            let first = try await newsroom.draft(
                Self.content("harbour"), by: ana, id: "harbour-plan", commandID: command)
            let again = try await newsroom.draft(
                Self.content("harbour"), by: ana, id: "harbour-plan", commandID: command)
            #expect(first.articleID == "harbour-plan" && again.isReplay && again.version == first.version)
        }
    }
}
