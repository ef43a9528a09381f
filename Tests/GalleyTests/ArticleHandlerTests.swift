import Editorial
import EventStore
import Foundation
import Galley
import TestSupport
import Testing

@Suite("Command handling against the real log")
struct ArticleHandlerTests {
    static let content = ArticleContent(
        headline: "Night buses extended to the airport", bylines: ["Ana Reis"],
        body: ["Three night lines will run to the airport from March.", "The city expects 2,300 riders a night."],
        slug: "night-buses-airport", desk: "city")

    func context(_ actor: String, _ roles: Set<Role>) -> CommandContext {
        CommandContext(actor: actor, roles: roles, now: Date())
    }

    @Test("a story goes through its life; each command appends at the version it read")
    func wholeLife() async throws {
        try await TestDatabase.withStore { store, _ in
            let handler = ArticleHandler(log: store)
            let id = UUID().uuidString.lowercased()
            let drafted = try await handler.handle(
                .draft(Self.content), article: id, context: context("ana", [.reporter]))
            #expect(drafted.version == 1)
            try await handler.handle(.submit, article: id, context: context("ana", [.reporter]))
            try await handler.handle(.sendToFactCheck, article: id, context: context("bo", [.editor]))
            try await handler.handle(
                .addClaim(Claim(id: "c1", text: "The city expects 2,300 riders a night.")), article: id,
                context: context("cy", [.factChecker]))
            try await handler.handle(
                .recordVerdict(
                    claimID: "c1", rating: .accurate, evidence: [URL(string: "https://example.org/transit-plan")!],
                    note: "Page 4 of the plan."), article: id, context: context("cy", [.factChecker]))
            try await handler.handle(.approve, article: id, context: context("cy", [.factChecker]))
            let published = try await handler.handle(.publish(at: nil), article: id, context: context("bo", [.editor]))
            #expect(published.version == 7)

            let article = try Story(id: id, events: try await store.readStream(ArticleHandler.stream(of: id))).article
            #expect(article.stage == .published && article.signOff?.by == "cy")
            #expect(try await store.verify().firstBroken == nil)
        }
    }

    @Test("refusals write nothing and keep their kind")
    func refusals() async throws {
        try await TestDatabase.withStore { store, _ in
            let handler = ArticleHandler(log: store)
            let id = UUID().uuidString.lowercased()
            try await handler.handle(.draft(Self.content), article: id, context: context("ana", [.reporter]))
            await #expect(throws: GalleyError.forbidden("ana (reporter) may not publish a story")) {
                try await handler.handle(.publish(at: nil), article: id, context: context("ana", [.reporter]))
            }
            await #expect(
                throws: GalleyError.ruleViolation(
                    "only a story in fact-check can be asked to approve; this one is draft")
            ) {
                try await handler.handle(.approve, article: id, context: context("cy", [.factChecker]))
            }
            await #expect(throws: GalleyError.notFound("there is no such story")) {
                try await handler.handle(.submit, article: "missing", context: context("ana", [.reporter]))
            }
            #expect(try await store.head() == 1)
        }
    }

    @Test("with an expected version a conflict goes back to the caller; without one the command is decided again")
    func conflicts() async throws {
        try await TestDatabase.withStore { store, _ in
            let handler = ArticleHandler(log: store)
            let id = UUID().uuidString.lowercased()
            try await handler.handle(.draft(Self.content), article: id, context: context("ana", [.reporter]))
            try await handler.handle(.comment("Lead is strong."), article: id, context: context("bo", [.editor]))
            await #expect(throws: GalleyError.conflict("story \(id) is at version 2, not 1: read it again")) {
                try await handler.handle(
                    .comment("Stale view."), article: id, context: context("bo", [.editor]), expectedVersion: 1)
            }
            // Ten editors comment at once: every comment lands, each decided against the version it read.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        try await handler.handle(
                            .comment("Note \(index)"), article: id, context: self.context("ed\(index)", [.editor]))
                    }
                }
                try await group.waitForAll()
            }
            let article = try Story(id: id, events: try await store.readStream(ArticleHandler.stream(of: id))).article
            #expect(article.comments.count == 11)
            #expect(article.version == 12)
        }
    }

    @Test("a retried command answers as the first time and appends nothing")
    func retry() async throws {
        try await TestDatabase.withStore { store, _ in
            let handler = ArticleHandler(log: store)
            let id = UUID().uuidString.lowercased()
            let commandID = UUID()
            let first = try await handler.handle(
                .draft(Self.content), article: id, context: context("ana", [.reporter]), commandID: commandID)
            let again = try await handler.handle(
                .draft(Self.content), article: id, context: context("ana", [.reporter]), commandID: commandID)
            #expect(again.isReplay && again.positions == first.positions && again.events == first.events)
            #expect(try await store.head() == 1)
        }
    }

    @Test("a handler decides on its cached story, but never answers from a state another process moved on")
    func cachedStories() async throws {
        try await TestDatabase.withStore { store, _ in
            let here = ArticleHandler(log: store)
            let elsewhere = ArticleHandler(log: store)  // another process, with a cache of its own
            let (ana, bo) = (context("ana", [.reporter]), context("bo", [.editor]))
            let id = UUID().uuidString.lowercased()
            try await here.handle(.draft(Self.content), article: id, context: ana)
            try await elsewhere.handle(.submit, article: id, context: ana)

            // Here the story is still a draft; the refusal is about the story as the log has it.
            await #expect(
                throws: GalleyError.ruleViolation("only a story in draft can be asked to submit; this one is editing")
            ) {
                try await here.handle(.submit, article: id, context: ana)
            }
            // The caller's expected version is compared with the log, not with what was cached.
            try await elsewhere.handle(.comment("Lead is strong."), article: id, context: bo)
            #expect(
                try await here.handle(.comment("Agreed."), article: id, context: bo, expectedVersion: 3).version == 4)

            // A retry whose decision changed meanwhile (the story went back to draft and on) answers as the first time.
            let commandID = UUID()
            let sentBack = try await elsewhere.handle(
                .sendBack(note: "Tighten the lead."), article: id, context: bo, commandID: commandID)
            try await here.handle(.submit, article: id, context: ana)
            let again = try await elsewhere.handle(
                .sendBack(note: "Tighten the lead."), article: id, context: bo, commandID: commandID)
            #expect(again.isReplay && again.positions == sentBack.positions && again.version == 5)
            #expect(try await store.head() == 6)
            let article = try Story(id: id, events: try await store.readStream(ArticleHandler.stream(of: id))).article
            #expect(article.stage == .editing && article.comments.count == 2)
        }
    }
}
