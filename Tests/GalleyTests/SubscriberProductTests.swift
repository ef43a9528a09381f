import Editorial
import EventStore
import Foundation
import Galley
import Postgres
import TestSupport
import Testing

/// What a partner receives is stated once, by `SubscriberProduct`: in Swift (`receives`) and, for the content
/// API's pages, in SQL; the two must agree on every story, for every product, at every moment.
@Suite("A subscriber's product: which stories go to which partner")
struct SubscriberProductTests {
    static let city = try! SubscriberProduct(desks: ["city"])
    static let cityInPortuguese = try! SubscriberProduct(desks: ["city", "sport"], languages: ["PT-br"])
    static let embargoPartner = try! SubscriberProduct(desks: ["city"], embargoPartner: true)

    @Test("desk and language choose the stories; only an embargo partner receives one before its public time")
    func swiftRule() {
        #expect(Self.city.receives(desk: "city", language: "en", publicity: .public))
        #expect(!Self.city.receives(desk: "world", language: "en", publicity: .public))
        #expect(!Self.city.receives(desk: "City", language: "en", publicity: .public), "desks are named exactly")
        #expect(Self.cityInPortuguese.receives(desk: "sport", language: "pt-BR", publicity: .public))
        #expect(!Self.cityInPortuguese.receives(desk: "city", language: "en", publicity: .public))
        #expect(!Self.city.receives(desk: "city", language: "en", publicity: .embargoed))
        #expect(Self.embargoPartner.receives(desk: "city", language: "en", publicity: .embargoed))
        // A withdrawn story still goes out, so that partners take it down; one never published never does.
        for product in [Self.city, Self.embargoPartner] {
            #expect(product.receives(desk: "city", language: "en", publicity: .retracted))
            #expect(!product.receives(desk: "city", language: "en", publicity: .unpublished))
        }
    }

    @Test("pubstatus: usable while public or to be, canceled once withdrawn, nothing for a story never out")
    func pubstatus() {
        let statuses = Publicity.allCases.map { ($0, SubscriberProduct.pubstatus($0)) }
        #expect(
            statuses.map { "\($0.0.rawValue): \($0.1 ?? "-")" } == [
                "unpublished: -", "embargoed: usable", "public: usable", "retracted: canceled",
            ])
    }

    @Test("a product needs a desk; desks and languages are checked and languages kept in lower case")
    func refusals() throws {
        #expect(throws: GalleyError.invalidInput("a subscriber receives at least one desk")) {
            try SubscriberProduct(desks: [])
        }
        #expect(throws: GalleyError.invalidInput("a desk is 1 to 60 characters: ")) {
            try SubscriberProduct(desks: ["city", "  "])
        }
        #expect(throws: GalleyError.invalidInput("a language is a tag such as en or pt-BR: en_gb")) {
            try SubscriberProduct(desks: ["city"], languages: ["en_GB"])
        }
        #expect(try SubscriberProduct(desks: [" city "], languages: ["EN"]).languages == ["en"])
        #expect(try SubscriberProduct(desks: [" city "]).desks == ["city"])
    }

    @Test("the content API's SQL receives what Swift receives, for every product and story, at every moment")
    func sqlAgrees() async throws {
        try await TestDatabase.withStore { store, configuration in
            let newsroom = Newsroom(pool: store.pool)
            let ana = try await newsroom.users.add("ana", roles: [.reporter], by: "admin")
            let bo = try await newsroom.users.add("bo", roles: [.editor], by: "admin")
            let cy = try await newsroom.users.add("cy", roles: [.factChecker], by: "admin")
            let later = Date().addingTimeInterval(3_600)
            let closing: [String: [ArticleCommand]] = [
                "never-published": [], "published": [.publish(at: nil)], "embargoed": [.publish(at: later)],
                "retracted": [.publish(at: nil), .retract(reason: "Wrong.")],
                "spiked-while-embargoed": [.publish(at: later), .spike(reason: "Dropped.")],
            ]
            var ids: [String] = []
            for (slug, commands) in closing {
                for (desk, language) in [("city", "en"), ("sport", "pt-BR"), ("world", "en")] {
                    let content = ArticleContent(
                        headline: slug, bylines: ["Ana"], body: ["Text."], slug: "\(slug)-\(desk)", desk: desk,
                        language: language)
                    let id = try await newsroom.draft(content, by: ana).articleID
                    ids.append(id)
                    guard !commands.isEmpty else { continue }
                    try await newsroom.perform(.submit, on: id, by: ana)
                    try await newsroom.perform(.sendToFactCheck, on: id, by: bo)
                    try await newsroom.perform(.approveWithNoClaims, on: id, by: cy)
                    for command in commands { try await newsroom.perform(command, on: id, by: bo) }
                }
            }
            try await ProjectionRunner(configuration: configuration).catchUp(using: store.pool)
            var stories: [StoryView] = []
            for id in ids { stories.append(try await ReadModels(pool: store.pool).story(id)) }
            let content = PartnerContent(pool: store.pool)
            for product in [Self.city, Self.cityInPortuguese, Self.embargoPartner] {
                for moment in [Date().addingTimeInterval(-3_600), Date(), later.addingTimeInterval(3_600)] {
                    let served = try await content.items(for: product, limit: 200, now: moment).items.map(\.slug)
                    let expected = stories.filter { product.receives($0, at: moment) }.map(\.slug)
                    #expect(Set(served) == Set(expected), "\(product) at \(moment)")
                    #expect(served.count == expected.count)
                }
            }
            // Spot checks, so that both sides cannot be wrong alike.
            let now = try await content.items(for: Self.city, limit: 200).items.map(\.slug)
            #expect(Set(now) == ["published-city", "retracted-city"])
            let early = try await content.items(for: Self.embargoPartner, limit: 200).items.map(\.slug)
            #expect(Set(early) == ["published-city", "retracted-city", "embargoed-city"])
            let portuguese = try await content.items(for: Self.cityInPortuguese, limit: 200).items.map(\.slug)
            #expect(Set(portuguese) == ["published-sport", "retracted-sport"])
        }
    }
}
