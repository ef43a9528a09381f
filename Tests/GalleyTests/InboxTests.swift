import Coding
import Editorial
import EventStore
import Foundation
import Galley
import Postgres
import TestSupport
import Testing

@Suite("The inbox, a projection of the log")
struct InboxTests {
    /// A person's items as `reason by actor` lines, newest first, unread ones starred.
    static func lines(_ readModels: ReadModels, _ user: User, unreadOnly: Bool = false) async throws -> [String] {
        try await readModels.inbox(for: user, unreadOnly: unreadOnly).items.map {
            "\($0.unread ? "*" : "")\($0.reason.rawValue) by \($0.actor)"
        }
    }

    /// The newsroom of these tests: ana reports, bo edits, cy and dee check facts, eve both edits and checks.
    struct Desk {
        let newsroom: Newsroom
        let runner: ProjectionRunner
        let readModels: ReadModels
        let ana: User, bo: User, cy: User, dee: User, eve: User

        func caughtUp() async throws -> ReadModels {
            try await runner.catchUp(using: newsroom.store.pool)
            return readModels
        }
    }

    static func withDesk(_ body: (Desk, ConnectionConfiguration) async throws -> Void) async throws {
        try await TestDatabase.withStore { store, configuration in
            let newsroom = Newsroom(pool: store.pool)
            let users = newsroom.users
            let desk = Desk(
                newsroom: newsroom, runner: ProjectionRunner(configuration: configuration),
                readModels: ReadModels(pool: store.pool),
                ana: try await users.add("ana", roles: [.reporter], by: "admin"),
                bo: try await users.add("bo", roles: [.editor], by: "admin"),
                cy: try await users.add("cy", roles: [.factChecker], by: "admin"),
                dee: try await users.add("dee", roles: [.factChecker], by: "admin"),
                eve: try await users.add("eve", roles: [.editor, .factChecker], by: "admin"))
            try await body(desk, configuration)
        }
    }

    /// ana files a story and bo works it through to a verdict: every kind of item, and some that must not be.
    static func workedStory(_ desk: Desk) async throws -> String {
        let (newsroom, ana, bo, cy, eve) = (desk.newsroom, desk.ana, desk.bo, desk.cy, desk.eve)
        let content = ArticleContent(
            headline: "Ferry adds a night crossing", bylines: ["Ana Reis"],
            body: ["The ferry will run at 23:30 from May."], slug: "ferry-night", desk: "city")
        let id = try await newsroom.draft(content, by: ana).articleID
        try await newsroom.perform(.submit, on: id, by: ana)
        try await newsroom.perform(.sendBack(note: "Name the operator's source."), on: id, by: bo)
        try await newsroom.perform(.submit, on: id, by: ana)
        try await newsroom.perform(.assign(to: "ana"), on: id, by: bo)
        try await newsroom.perform(.assign(to: "bo"), on: id, by: bo)  // bo's own doing: nobody hears of it
        try await newsroom.perform(
            .comment("@cy, @Ana. please check the timetable; mail bo@example.org or @nobody-here."), on: id, by: bo)
        try await newsroom.perform(.comment("Done, @bo."), on: id, by: ana)  // on her own story: only bo hears
        try await newsroom.perform(.sendToFactCheck, on: id, by: eve)  // eve checks facts too, but sent it herself
        try await newsroom.perform(.addClaim(Claim(id: "c1", text: "The ferry will run at 23:30.")), on: id, by: cy)
        try await newsroom.perform(
            .recordVerdict(claimID: "c1", rating: .accurate, evidence: [], note: "Timetable."), on: id, by: cy)
        return id
    }

    @Test(
        "each event lands in the inbox of whom it concerns: sent back, assigned, fact-check, verdict, comment, mention")
    func whatLandsWhere() async throws {
        try await Self.withDesk { desk, _ in
            let id = try await Self.workedStory(desk)
            let readModels = try await desk.caughtUp()
            // ana wrote it: sent back to her, assigned to her, named in bo's comment (a mention, not also a
            // comment), and a verdict on it; never her own comment.
            #expect(
                try await Self.lines(readModels, desk.ana) == [
                    "*verdict by cy", "*mention by bo", "*assigned by bo", "*sent_back by bo",
                ])
            // bo is named in ana's comment; his own assignment, comment and send-back are not his items.
            #expect(try await Self.lines(readModels, desk.bo) == ["*mention by ana"])
            // Every fact-checker hears that the story entered fact-check, but not eve, who sent it.
            #expect(try await Self.lines(readModels, desk.cy) == ["*fact_check by eve", "*mention by bo"])
            #expect(try await Self.lines(readModels, desk.dee) == ["*fact_check by eve"])
            #expect(try await Self.lines(readModels, desk.eve) == [])

            let items = try await readModels.inbox(for: desk.ana).items
            #expect(items.allSatisfy { $0.articleID == id && $0.headline == "Ferry adds a night crossing" })
            #expect(
                items.map(\.text) == [
                    "accurate: The ferry will run at 23:30.",
                    "@cy, @Ana. please check the timetable; mail bo@example.org or @nobody-here.",
                    nil, "Name the operator's source.",
                ])
        }
    }

    @Test("mentions are @ and a user name's characters, lowercased, not an e-mail address, without a sentence's end")
    func mentions() {
        #expect(
            Notice.mentions(in: "@cy, @Ana. and bo@example.org, (@dee_) @x.y-z. @9no @ alone @cy") == [
                "cy", "ana", "dee", "x.y-z",
            ])
    }

    @Test("a read mark makes items read up to it; newer ones stay unread; it never moves back")
    func readMarks() async throws {
        try await Self.withDesk { desk, _ in
            let id = try await Self.workedStory(desk)
            var readModels = try await desk.caughtUp()
            let newest = try #require(try await readModels.inbox(for: desk.ana).items.first).position
            #expect(try await readModels.inboxMark(for: desk.ana) == InboxMark(readThrough: 0, unread: 4))

            // Marked up to the assignment: the two items after it stay unread.
            let assigned = try await readModels.inbox(for: desk.ana).items[2].position
            #expect(
                try await readModels.markInboxRead(for: desk.ana, through: assigned)
                    == InboxMark(readThrough: assigned, unread: 2))
            #expect(
                try await Self.lines(readModels, desk.ana, unreadOnly: true) == ["*verdict by cy", "*mention by bo"])

            // Everything, then an older position: the mark stays where it was.
            #expect(try await readModels.markInboxRead(for: desk.ana) == InboxMark(readThrough: newest, unread: 0))
            #expect(try await readModels.markInboxRead(for: desk.ana, through: 1).readThrough == newest)
            // Never past the newest item: what has not arrived is not read.
            #expect(try await readModels.markInboxRead(for: desk.ana, through: .max).readThrough == newest)
            await #expect(throws: GalleyError.invalidInput("through is a position of the log, 0 or more, not -1")) {
                try await readModels.markInboxRead(for: desk.ana, through: -1)
            }
            // Another person's mark is theirs alone.
            #expect(try await readModels.inboxMark(for: desk.cy).unread == 2)

            try await desk.newsroom.perform(.comment("Thanks for the fix."), on: id, by: desk.bo)
            readModels = try await desk.caughtUp()
            #expect(try await Self.lines(readModels, desk.ana).prefix(2) == ["*comment by bo", "verdict by cy"])
        }
    }

    @Test("a rebuild gives the same inbox, row for row, and keeps every read mark")
    func rebuild() async throws {
        try await Self.withDesk { desk, configuration in
            _ = try await Self.workedStory(desk)
            let readModels = try await desk.caughtUp()
            let second = try await readModels.inbox(for: desk.ana).items[1].position
            _ = try await readModels.markInboxRead(for: desk.ana, through: second)
            let before = try await readModels.inbox(for: desk.ana).items
            let rows = {
                try await desk.newsroom.store.pool.query(
                    "SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY to_jsonb(t)::text), '[]')::text AS rows FROM inbox t"
                )[0].decode("rows", as: String.self)
            }
            let live = try await rows()

            let report = try await ProjectionRebuild(configuration: configuration, projections: [.inbox]).run()
            #expect(report.stories == 1)
            #expect(try await rows() == live)
            #expect(try await readModels.inbox(for: desk.ana).items == before)
            #expect(try await Self.lines(readModels, desk.ana, unreadOnly: true) == ["*verdict by cy"])
        }
    }

    @Test("a story the inbox cannot fold is passed over, named, and every other story's items still arrive")
    func poisonStory() async throws {
        try await Self.withDesk { desk, configuration in
            try await desk.newsroom.store.append(
                to: "article-poison", expected: .noStream,
                events: [NewEvent(type: "ArticleDrafted", data: .object(["headline": .int(7)]))],
                metadata: EventMetadata(actor: "bo"))
            _ = try await Self.workedStory(desk)
            let readModels = try await desk.caughtUp()
            #expect(try await Self.lines(readModels, desk.bo) == ["*mention by ana"])
            let failures = try await Connection.with(configuration) {
                try await Subscription.failures(of: "inbox", on: $0)
            }
            #expect(failures.map(\.streamID) == ["article-poison"])
        }
    }

    @Test("an inbox is paged newest first with a cursor that a bad token cannot turn into a 5xx")
    func paging() async throws {
        try await Self.withDesk { desk, _ in
            _ = try await Self.workedStory(desk)
            let readModels = try await desk.caughtUp()
            let first = try await readModels.inbox(for: desk.ana, limit: 3)
            let second = try await readModels.inbox(for: desk.ana, limit: 3, after: first.next)
            #expect(first.items.count == 3 && second.items.count == 1 && second.next == nil)
            #expect(
                (first.items + second.items).map(\.position)
                    == (try await readModels.inbox(for: desk.ana).items)
                    .map(\.position))
            await #expect(
                throws: GalleyError.invalidInput("the cursor is not one this list gave; start again without it")
            ) { try await readModels.inbox(for: desk.ana, after: "bm90LWEtbnVtYmVy") }
        }
    }
}
