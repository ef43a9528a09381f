import Editorial
import EventStore
import Foundation
import Testing

@testable import Galley
@testable import GalleyServer

/// The story page's controls, built from a story made on the in-memory log: no database, no server.
@Suite("The story page offers each control where the rules put it")
struct StoryPageControlTests {
    @Test("given c1 withdrawn and c2 open, the checker may rule on c2 and withdraw it: nothing says c1 was withdrawn")
    func controlsPerClaim() async throws {
        let log = InMemoryEventLog()
        let handler = ArticleHandler(log: log)
        let (ana, bo) = (
            CommandContext(actor: "ana", roles: [.reporter], now: Date()),
            CommandContext(actor: "bo", roles: [.editor], now: Date())
        )
        let cy = CommandContext(actor: "cy", roles: [.factChecker], now: Date())
        let content = ArticleContent(
            headline: "Ferry", bylines: ["Ana"], body: ["It costs 2.4 million. It runs all night."], slug: "ferry",
            desk: "city")
        try await handler.handle(.draft(content), article: "a1", context: ana)
        try await handler.handle(.submit, article: "a1", context: ana)
        try await handler.handle(.sendToFactCheck, article: "a1", context: bo)
        try await handler.handle(.addClaim(Claim(id: "c1", text: "It costs 2.4 million.")), article: "a1", context: cy)
        try await handler.handle(.addClaim(Claim(id: "c2", text: "It runs all night.")), article: "a1", context: cy)
        try await handler.handle(.withdrawClaim(claimID: "c1", reason: "Not a claim."), article: "a1", context: cy)
        let story = try Story(id: "a1", events: log.all)
        let user = User(name: "cy", roles: [.factChecker], disabled: false, createdAt: Date())
        let frame = Frame(title: "Ferry", user: UserView(user), csrf: "t", zone: "UTC", current: "")
        let page = StoryPage(
            story, frame: frame, user: user, time: WebTime(zone: TimeZone(identifier: "UTC")!),
            failure: StoryPage.Failure(action: .recordVerdict, claim: "c2", message: "choose a rating"))
        #expect(page.claims.map(\.claim) == ["c1", "c2"])
        #expect(page.claims[0].controls.isEmpty, "a withdrawn claim offers nothing")
        let open = page.claims[1].controls
        #expect(open.map(\.action) == ["record-verdict", "withdraw-claim"])
        #expect(open.allSatisfy { $0.refused == nil }, "\(open.map(\.refused))")
        // A failed try shows beside the claim it was about, once.
        #expect(open.map(\.error) == ["choose a rating", nil])
    }

    @Test(
        "recall shows for a fresh submission's author only, until the desk acts; pull-back and unspike for an editor")
    func waysBack() async throws {
        let log = InMemoryEventLog()
        let handler = ArticleHandler(log: log)
        let ana = CommandContext(actor: "ana", roles: [.reporter], now: Date())
        let bo = CommandContext(actor: "bo", roles: [.editor], now: Date())
        let content = ArticleContent(
            headline: "Ferry", bylines: ["Ana"], body: ["It runs all night."], slug: "ferry", desk: "city")
        func workflow(_ name: String, _ roles: Set<Role>) throws -> [String] {
            let user = User(name: name, roles: roles, disabled: false, createdAt: Date())
            let frame = Frame(title: "Ferry", user: UserView(user), csrf: "t", zone: "UTC", current: "")
            return StoryPage(
                try Story(id: "a1", events: log.all), frame: frame, user: user,
                time: WebTime(zone: TimeZone(identifier: "UTC")!)
            ).controls.workflow.map(\.action)
        }
        try await handler.handle(.draft(content), article: "a1", context: ana)
        try await handler.handle(.submit, article: "a1", context: ana)
        #expect(try workflow("ana", [.reporter]) == ["recall"])
        #expect(try workflow("eve", [.reporter]) == [])
        try await handler.handle(.assign(to: "bo"), article: "a1", context: bo)
        #expect(try workflow("ana", [.reporter]) == [])
        try await handler.handle(.sendToFactCheck, article: "a1", context: bo)
        #expect(try workflow("bo", [.editor]) == ["pull-back", "spike"])
        try await handler.handle(.spike(reason: "Dropped."), article: "a1", context: bo)
        #expect(try workflow("bo", [.editor]) == ["unspike"])
        #expect(try workflow("ana", [.reporter]) == [])
    }
}
