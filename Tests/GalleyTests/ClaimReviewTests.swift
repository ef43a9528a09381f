import Coding
import Editorial
import EventStore
import Foundation
import Galley
import Testing

@Suite("ClaimReview: only verdicts on the public text of public stories")
struct ClaimReviewTests {
    static let publisher = ClaimReviewDocument.Publisher(
        name: "Harbour Courier", baseURL: URL(string: "https://news.example.org/")!)
    static let start = Date(timeIntervalSince1970: 1_795_000_000)

    /// A story with two claims, both rated accurate and signed off, then published at `publicAt`.
    static func published(at publicAt: Date?) -> Story {
        var story = Story(id: "k3q9m2xwd7")
        var now = start
        func act(_ command: ArticleCommand, _ actor: String, _ roles: Set<Role>) {
            let events = try! story.article.decide(
                command, context: CommandContext(actor: actor, roles: roles, now: now))
            for event in events { story.apply(event, actor: actor, recordedAt: now) }
            now += 60
        }
        act(
            .draft(
                ArticleContent(
                    headline: "Night ferry from January", bylines: ["Ana Reis"],
                    body: ["The ferry will run at 23:30.", "Some 1,200 people cross after 22:00."],
                    slug: "night-ferry", desk: "city")), "ana", [.reporter])
        act(.submit, "ana", [.reporter])
        act(.sendToFactCheck, "bo", [.editor])
        act(.addClaim(Claim(id: "c1", text: "The ferry will run at 23:30.")), "cy", [.factChecker])
        act(.addClaim(Claim(id: "c2", text: "Some 1,200 people cross after 22:00.")), "cy", [.factChecker])
        for claim in ["c1", "c2"] {
            act(
                .recordVerdict(
                    claimID: claim, rating: .accurate, evidence: [URL(string: "https://example.org/port")!],
                    note: "Port figures."), "cy", [.factChecker])
        }
        act(.approve, "cy", [.factChecker])
        act(.publish(at: publicAt), "bo", [.editor])
        return story
    }

    @Test("an embargoed story gives no review before its public time, and its reviews after")
    func embargo() {
        let publicAt = Self.start.addingTimeInterval(86_400)
        let story = StoryView(Self.published(at: publicAt))
        #expect(ClaimReviewDocument.make(story, publisher: Self.publisher, now: publicAt - 1).isEmpty)
        let reviews = ClaimReviewDocument.make(story, publisher: Self.publisher, now: publicAt)
        #expect(reviews.count == 2)
        #expect(reviews.first?["url"] == .string("https://news.example.org/news/night-ferry#claim-c1"))
        #expect(reviews.first?["author"]?["name"] == .string("Harbour Courier"))
        #expect(
            reviews.first?["itemReviewed"]?["appearance"]?["url"]
                == .string("https://news.example.org/news/night-ferry"))
    }

    @Test("a correction that changes a claim's words drops its review; a retraction drops them all")
    func correctionAndRetraction() throws {
        var story = Self.published(at: nil)
        let now = Self.start.addingTimeInterval(3_600)
        let corrected = try story.article.decide(
            .correct(
                kind: .correction, text: "The count is 1,100.",
                change: ContentChange(body: ["The ferry will run at 23:30.", "Some 1,100 people cross after 22:00."])),
            context: CommandContext(actor: "bo", roles: [.editor], now: now))
        for event in corrected { story.apply(event, actor: "bo", recordedAt: now) }
        let reviews = ClaimReviewDocument.make(StoryView(story), publisher: Self.publisher, now: now)
        #expect(reviews.map { $0["claimReviewed"] } == [.string("The ferry will run at 23:30.")])

        let retracted = try story.article.decide(
            .retract(reason: "The operator withdrew the plan."),
            context: CommandContext(actor: "bo", roles: [.editor], now: now))
        for event in retracted { story.apply(event, actor: "bo", recordedAt: now) }
        #expect(ClaimReviewDocument.make(StoryView(story), publisher: Self.publisher, now: now).isEmpty)
    }
}
