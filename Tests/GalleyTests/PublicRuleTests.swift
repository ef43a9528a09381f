import Editorial
import Foundation
import Galley
import Postgres
import TestSupport
import Testing

/// "Is this story public?" is answered by `Publicity` in Swift and by the functions of
/// `migrations/0020_public_rule.sql` in SQL; they must agree on a story in every state, at every moment.
@Suite("One rule for what is public")
struct PublicRuleTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let drafted = ArticleEvent.drafted(
        Drafted(
            content: ArticleContent(headline: "Ferry", bylines: [], body: [], slug: "ferry", desk: "city"),
            author: "ana"))
    static let published = ArticleEvent.published(Published(publicAt: now.addingTimeInterval(-3_600), revision: 1))
    static let embargoed = ArticleEvent.published(Published(publicAt: now.addingTimeInterval(3_600), revision: 1))

    /// Stories in every state that bears on the rule, by name.
    static let stories: [(String, [ArticleEvent])] = [
        ("never published", [drafted]),
        ("published", [drafted, published]),
        ("embargoed", [drafted, embargoed]),
        (
            "embargo lifted by an edit",
            [drafted, embargoed, .factCheckReopened(FactCheckReopened(signedOffRevision: 1, revision: 2))]
        ),
        ("retracted", [drafted, published, .retracted(Retracted(reason: "Wrong."))]),
        ("spiked", [drafted, .spiked(Spiked(reason: "Dropped."))]),
        ("spiked while embargoed", [drafted, embargoed, .spiked(Spiked(reason: "Dropped."))]),
    ]

    /// Before every public time, between the published story's and the embargo's, and after both.
    static let moments = [now.addingTimeInterval(-7_200), now, now.addingTimeInterval(7_200)]

    static func article(_ events: [ArticleEvent]) -> Article {
        events.reduce(Article()) { $0.evolve($1, actor: "bo") }
    }

    @Test("Swift says what the newsroom means")
    func swiftRule() {
        func publicity(_ name: String, at moment: Date) -> Publicity? {
            Self.stories.first { $0.0 == name }.map { Self.article($0.1).publicity(at: moment) }
        }
        #expect(publicity("published", at: Self.now) == .public)
        #expect(publicity("embargoed", at: Self.now) == .embargoed)
        #expect(publicity("embargoed", at: Self.moments[2]) == .public)
        #expect(publicity("retracted", at: Self.now) == .retracted)
        for name in ["never published", "embargo lifted by an edit", "spiked", "spiked while embargoed"] {
            #expect(publicity(name, at: Self.moments[2]) == .unpublished, "\(name)")
        }
    }

    @Test("SQL's functions answer as Swift does, for every story at every moment")
    func sqlAgrees() async throws {
        try await TestDatabase.withStore { store, _ in
            for (name, events) in Self.stories {
                let article = Self.article(events)
                for moment in Self.moments {
                    let publicity = article.publicity(at: moment)
                    let row = try await store.pool.query(
                        """
                        SELECT story_is_public($1, $2, $3) IS TRUE AS public,
                               story_is_embargoed($1, $2, $3) IS TRUE AS embargoed,
                               story_is_on_public_record($1, $2, $3) IS TRUE AS on_record
                        """, [article.stage?.rawValue, article.publicAt, moment])[0]
                    let at = "\(name) at \(moment)"
                    #expect(try row.decode("public", as: Bool.self) == (publicity == .public), "\(at)")
                    #expect(try row.decode("embargoed", as: Bool.self) == (publicity == .embargoed), "\(at)")
                    #expect(try row.decode("on_record", as: Bool.self) == publicity.isOnPublicRecord, "\(at)")
                }
            }
        }
    }
}
