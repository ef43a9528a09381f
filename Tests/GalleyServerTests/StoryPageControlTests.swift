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

    static let utc = WebTime(zone: TimeZone(identifier: "UTC")!)

    /// Given a story "a1" of `body` that ana filed and submitted and bo sent to fact-check: its log and handler.
    static func inFactCheck(_ body: String, now: Date) async throws -> (InMemoryEventLog, ArticleHandler) {
        let log = InMemoryEventLog()
        let handler = ArticleHandler(log: log)
        let (ana, bo) = (
            CommandContext(actor: "ana", roles: [.reporter], now: now),
            CommandContext(actor: "bo", roles: [.editor], now: now)
        )
        let content = ArticleContent(headline: "Ferry", bylines: ["Ana"], body: [body], slug: "ferry", desk: "city")
        try await handler.handle(.draft(content), article: "a1", context: ana)
        try await handler.handle(.submit, article: "a1", context: ana)
        try await handler.handle(.sendToFactCheck, article: "a1", context: bo)
        return (log, handler)
    }

    static func page(_ log: InMemoryEventLog, as user: User, failure: StoryPage.Failure? = nil) throws -> StoryPage {
        let frame = Frame(title: "Ferry", user: UserView(user), csrf: "t", zone: "UTC", current: "")
        return StoryPage(try Story(id: "a1", events: log.all), frame: frame, user: user, time: utc, failure: failure)
    }

    @Test("given an embargoed story, an editor is offered moving the embargo and lifting it, each a control of its own")
    func embargoControls() async throws {
        let now = Date()
        let (log, handler) = try await Self.inFactCheck("Figures at six.", now: now)
        let (bo, cy) = (
            CommandContext(actor: "bo", roles: [.editor], now: now),
            CommandContext(actor: "cy", roles: [.factChecker], now: now)
        )
        try await handler.handle(.approveWithNoClaims, article: "a1", context: cy)
        let release = now.addingTimeInterval(86_400)
        try await handler.handle(.publish(at: release), article: "a1", context: bo)
        let page = try Self.page(log, as: User(name: "bo", roles: [.editor], disabled: false, createdAt: now))
        let publish = page.controls.workflow.filter { $0.action == "publish" }
        #expect(publish.map(\.id) == ["publish", "publish-lift"])
        #expect(publish.map(\.label) == ["Move embargo", "Make it public now"])
        #expect(publish[0].fields.map(\.value) == [Self.utc.local(release)] && publish[0].fields[0].required)
        #expect(publish[1].fields.isEmpty)
        #expect(page.stageLabel == "Embargoed")
        // The history says what each publication did, in the newsroom's words and zone.
        let lines = try Story(id: "a1", events: log.all).historyLines(time: Self.utc.format)
        #expect(lines.last == "published revision 1 under embargo until \(Self.utc.format(release))")
    }

    @Test("a refused verdict comes back with its rating, note and evidence as typed, beside its claim only")
    func refusedVerdictKeepsFields() async throws {
        let now = Date()
        let (log, handler) = try await Self.inFactCheck("\"We will run all night,\" the mayor said.", now: now)
        let cy = CommandContext(actor: "cy", roles: [.factChecker], now: now)
        try await handler.handle(
            .addClaim(Claim(id: "c1", text: "\"We will run all night,\" the mayor said.")), article: "a1", context: cy)
        try await handler.handle(.addClaim(Claim(id: "c2", text: "\"All night\"")), article: "a1", context: cy)
        let typed = WebForm(fields: [
            "claim": ["c1"], "rating": ["misleading"], "note": ["Only on weekdays."],
            "evidence": ["not a link\nhttps://example.org/timetable"],
        ])
        let page = try Self.page(
            log, as: User(name: "cy", roles: [.factChecker], disabled: false, createdAt: now),
            failure: StoryPage.Failure(
                action: .recordVerdict, claim: "c1", message: "evidence: not a link is no link", typed: typed))
        let verdict = try #require(page.claims[0].controls.first { $0.action == "record-verdict" })
        #expect(verdict.error == "evidence: not a link is no link")
        #expect(
            verdict.fields.map(\.value) == [
                "misleading", "Only on weekdays.", "not a link\nhttps://example.org/timetable",
            ])
        #expect(verdict.fields[0].choices.filter(\.selected).map(\.value) == ["misleading"])
        #expect(page.claims[1].controls.allSatisfy { $0.error == nil && $0.fields.allSatisfy { $0.value.isEmpty } })
        // Words that open with their own quotation mark are not set in the page's too; wholly quoted ones are.
        #expect(page.claims.map(\.quote) == [false, true])
        #expect(page.claims.map(\.text) == ["\"We will run all night,\" the mayor said.", "All night"])
        #expect(page.length == "8 words, 40 characters, 1 min read")
    }

    @Test("the assignment picker offers the people with work on the story as it stands, the assignee kept")
    func assignmentPicker() async throws {
        let now = Date()
        let (log, _) = try await Self.inFactCheck("It runs.", now: now)
        let article = try Story(id: "a1", events: log.all).article
        let people = [
            ("ana", Role.reporter), ("aud", .auditor), ("bo", .editor), ("cy", .factChecker), ("cz", .factChecker),
            ("eve", .reporter),
        ].map { User(name: $0.0, roles: [$0.1], disabled: false, createdAt: now) }
        let choices = StoryPage.assignable(people, article: article, now: now)
        #expect(choices.map(\.value) == ["", "bo", "cy", "cz"])
        #expect(choices.first?.selected == true)
    }
}
