import Editorial
import EventStore
import Foundation
import Galley
import Postgres
import TestSupport
import Testing

/// "Is this story public?" is answered by `Publicity` in Swift and by the functions of
/// `migrations/0020_public_rule.sql` and `0028_takedown.sql` in SQL; they must agree on a story in every state, at
/// every moment.
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
        ("taken down", [drafted, published, takenDown(wasPublic: true)]),
        (
            "taken down after a retraction",
            [drafted, published, .retracted(Retracted(reason: "Wrong.")), takenDown(wasPublic: true)]
        ),
        ("taken down under embargo", [drafted, embargoed, takenDown(wasPublic: false)]),
    ]

    static func takenDown(wasPublic: Bool) -> ArticleEvent {
        .takenDown(TakenDown(reason: "Court order.", wasPublic: wasPublic))
    }

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
        #expect(publicity("taken down", at: Self.now) == .takenDown)
        #expect(publicity("taken down after a retraction", at: Self.now) == .takenDown)
        #expect(publicity("taken down", at: Self.moments[0]) == .unpublished)
        for name in [
            "never published", "embargo lifted by an edit", "spiked", "spiked while embargoed",
            "taken down under embargo",
        ] {
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
                               story_is_on_public_record($1, $2, $3) IS TRUE AS on_record,
                               story_has_been_public($1, $2, $3) IS TRUE AS has_been_public
                        """, [article.stage?.rawValue, article.publicAt, moment])[0]
                    let at = "\(name) at \(moment)"
                    #expect(try row.decode("public", as: Bool.self) == (publicity == .public), "\(at)")
                    #expect(try row.decode("embargoed", as: Bool.self) == (publicity == .embargoed), "\(at)")
                    #expect(try row.decode("on_record", as: Bool.self) == publicity.isOnPublicRecord, "\(at)")
                    #expect(try row.decode("has_been_public", as: Bool.self) == publicity.hasBeenPublic, "\(at)")
                }
            }
        }
    }

    @Test("the feed, the public record, the embargoed filter and the board read stories as Swift judges them")
    func readsAgree() async throws {
        try await TestDatabase.withStore { store, configuration in
            let newsroom = Newsroom(pool: store.pool)
            let ana = try await newsroom.users.add("ana", roles: [.reporter], by: "admin")
            let bo = try await newsroom.users.add("bo", roles: [.editor], by: "admin")
            let cy = try await newsroom.users.add("cy", roles: [.factChecker], by: "admin")
            let later = Date().addingTimeInterval(3_600)
            let closing: [String: [ArticleCommand]] = [
                "never-published": [], "published": [.publish(at: nil)], "embargoed": [.publish(at: later)],
                "retracted": [.publish(at: nil), .retract(reason: "Wrong.")],
                "spiked": [.spike(reason: "Dropped.")],
                "spiked-while-embargoed": [.publish(at: later), .spike(reason: "Dropped.")],
                "taken-down": [.publish(at: nil), .takedown(reason: "Court order.")],
                "taken-down-under-embargo": [.publish(at: later), .takedown(reason: "Court order.")],
            ]
            var ids: [String: String] = [:]
            for (slug, commands) in closing {
                let content = ArticleContent(
                    headline: slug, bylines: ["Ana"], body: ["Text."], slug: slug, desk: "city")
                let id = try await newsroom.draft(content, by: ana).articleID
                ids[slug] = id
                guard !commands.isEmpty else { continue }
                try await newsroom.perform(.submit, on: id, by: ana)
                try await newsroom.perform(.sendToFactCheck, on: id, by: bo)
                try await newsroom.perform(.approveWithNoClaims, on: id, by: cy)
                for command in commands { try await newsroom.perform(command, on: id, by: bo) }
            }
            try await ProjectionRunner(configuration: configuration).catchUp(using: store.pool)
            let readModels = ReadModels(pool: store.pool)
            var articles: [String: Article] = [:]
            for (slug, id) in ids { articles[slug] = try await newsroom.story(id).article }
            for moment in [Date().addingTimeInterval(-3_600), Date(), later.addingTimeInterval(3_600)] {
                func slugs(_ wanted: (Publicity) -> Bool) -> Set<String> {
                    Set(articles.filter { wanted($0.value.publicity(at: moment)) }.keys)
                }
                let feed = try await readModels.feed(at: moment).map(\.slug)
                #expect(Set(feed) == slugs { $0 == .public }, "feed at \(moment)")
                let record = try await readModels.publicRecord(limit: 50, now: moment).items.map(\.view.slug)
                #expect(Set(record) == slugs(\.isOnPublicRecord), "public record at \(moment)")
                let traced = try await readModels.publicRecord(limit: 50, takenDown: true, now: moment).items
                #expect(
                    Set(traced.map(\.view.slug)) == slugs(\.hasBeenPublic), "public record with takedowns at \(moment)")
                for (slug, article) in articles {
                    let answered = try await readModels.publicStory(slug: slug, now: moment) != nil
                    #expect(
                        answered == article.publicity(at: moment).hasBeenPublic, "the address of \(slug) at \(moment)")
                }
                var filter = StoryFilter()
                filter.embargoed = true
                let embargoed = try await readModels.stories(filter, limit: 50, now: moment).items.map(\.slug)
                #expect(Set(embargoed) == slugs { $0 == .embargoed }, "embargoed at \(moment)")
                let board = try await readModels.board(limit: 50, now: moment)
                let column = board.first { $0.name == "embargoed" }?.page.items.map(\.slug) ?? []
                #expect(Set(column) == slugs { $0 == .embargoed }, "the board's embargoed column at \(moment)")
            }
        }
    }
}
