import Coding
import Editorial
import EventStore
import Foundation
import Galley
import Testing

/// The command handler over `InMemoryEventLog`: what it promises on top of a log, specified without a database.
/// The same promises against PostgreSQL are `ArticleHandlerTests`.
@Suite("Command handling over the in-memory log")
struct ArticleHandlerMemoryTests {
    static let content = ArticleContent(
        headline: "Night buses extended to the airport", bylines: ["Ana Reis"],
        body: ["Three night lines will run to the airport from March."], slug: "night-buses-airport", desk: "city")

    func context(_ actor: String, _ roles: Set<Role>) -> CommandContext {
        CommandContext(actor: actor, roles: roles, now: Date())
    }

    @Test("given a draft, when editors comment, then each event is appended once and chains as the database's do")
    func appendsAndChains() async throws {
        let log = InMemoryEventLog()
        let handler = ArticleHandler(log: log)
        try await handler.handle(.draft(Self.content), article: "a1", context: context("ana", [.reporter]))
        try await handler.handle(.comment("Lead is strong."), article: "a1", context: context("bo", [.editor]))
        let events = log.all
        #expect(events.map(\.type) == ["ArticleDrafted", "CommentAdded"])
        #expect(events.map(\.position) == [1, 2] && events.map(\.version) == [1, 2])
        var verifier = ChainVerifier()
        #expect(events.compactMap { verifier.check($0) } == [])
        let article = try Story(id: "a1", events: events).article
        #expect(article.comments.map(\.text) == ["Lead is strong."])
    }

    @Test("given a story at version 2, when a command expects version 1, then it is a conflict and nothing is written")
    func staleVersion() async throws {
        let log = InMemoryEventLog()
        let handler = ArticleHandler(log: log)
        try await handler.handle(.draft(Self.content), article: "a1", context: context("ana", [.reporter]))
        try await handler.handle(.comment("First."), article: "a1", context: context("bo", [.editor]))
        await #expect(throws: GalleyError.conflict("story a1 is at version 2, not 1: read it again")) {
            try await handler.handle(
                .comment("Stale."), article: "a1", context: context("bo", [.editor]), expectedVersion: 1)
        }
        #expect(log.all.count == 2)
    }

    @Test("given ten editors commenting at once with no expected version, then each is decided again and all land")
    func racingComments() async throws {
        let log = InMemoryEventLog()
        // Handlers of their own, as in separate processes: none can decide on another's cached story.
        try await ArticleHandler(log: log).handle(
            .draft(Self.content), article: "a1", context: context("ana", [.reporter]))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<10 {
                group.addTask {
                    try await ArticleHandler(log: log).handle(
                        .comment("Note \(index)"), article: "a1", context: self.context("ed\(index)", [.editor]))
                }
            }
            try await group.waitForAll()
        }
        #expect(log.all.map(\.version) == Array(1...11))
    }

    @Test("given a command already appended, when it is sent again under its command id, then it is a replay")
    func replay() async throws {
        let log = InMemoryEventLog()
        let handler = ArticleHandler(log: log)
        let commandID = UUID()
        let first = try await handler.handle(
            .draft(Self.content), article: "a1", context: context("ana", [.reporter]), commandID: commandID)
        let again = try await ArticleHandler(log: log).handle(
            .draft(Self.content), article: "a1", context: context("ana", [.reporter]), commandID: commandID)
        #expect(again.isReplay && again.positions == first.positions && !first.isReplay)
        #expect(log.all.count == 1)
    }

    @Test("given a command id already used, when another command reuses it on the story, then the log refuses it")
    func reusedCommandID() async throws {
        let log = InMemoryEventLog()
        let commandID = UUID()
        try await log.append(
            to: "article-a1", expected: .noStream, events: [NewEvent(type: "T", data: .object([:]))],
            metadata: EventMetadata(actor: "ana", commandID: commandID))
        await #expect(
            throws: EventStoreError.commandIDReused(stream: "article-a1", commandID: commandID.uuidString.lowercased())
        ) {
            try await log.append(
                to: "article-a1", expected: .any, events: [NewEvent(type: "U", data: .object([:]))],
                metadata: EventMetadata(actor: "ana", commandID: commandID))
        }
        await #expect(
            throws: EventStoreError.wrongExpectedVersion(stream: "article-a1", expected: .noStream, actual: 1)
        ) {
            try await log.append(
                to: "article-a1", expected: .noStream, events: [NewEvent(type: "T", data: .object([:]))],
                metadata: EventMetadata(actor: "bo"))
        }
    }
}
