import Editorial
import Foundation
import Testing

@Suite("Workflow: from draft to publication")
struct WorkflowTests {
    @Test("a reporter drafts; the story starts at revision 1 in draft")
    func draft() throws {
        let result = Scenario().when(.draft(Scenario.content), by: "ana", as: [.reporter])
        #expect(try result.get() == [.drafted(Drafted(content: Scenario.content, author: "ana"))])
        let story = Scenario().then(.draft(Scenario.content), by: "ana", as: [.reporter]).article
        #expect(story.stage == .draft && story.revision == 1 && story.author == "ana")
    }

    @Test("submit, send back with a note, submit again, send to fact-check")
    func throughEditing() throws {
        var story = Scenario().then(.draft(Scenario.content), by: "ana", as: [.reporter])
            .then(.submit, by: "ana", as: [.reporter])
        #expect(story.article.stage == .editing)
        #expect(
            try story.when(.sendBack(note: "Name the operator."), by: "bo", as: [.editor]).get() == [
                .sentBack(SentBack(note: "Name the operator."))
            ])
        story = story.then(.sendBack(note: "Name the operator."), by: "bo", as: [.editor])
        #expect(story.article.stage == .draft)
        story = story.then(.submit, by: "ana", as: [.reporter]).then(.sendToFactCheck, by: "bo", as: [.editor])
        #expect(story.article.stage == .factCheck)
    }

    @Test("approval signs off the current revision; publishing makes the story public")
    func approveAndPublish() throws {
        let ready = Scenario.ready().article
        #expect(ready.stage == .ready)
        #expect(ready.signOff?.revision == ready.revision && ready.signOff?.by == "cy")
        let published = Scenario.published().article
        #expect(published.stage == .published)
        #expect(published.isPublic(at: Scenario.now))
    }

    @Test("a publish with an embargo is not public before its time")
    func embargo() throws {
        let later = Scenario.now.addingTimeInterval(3_600)
        let story = Scenario.ready().then(.publish(at: later), by: "bo", as: [.editor]).article
        #expect(story.stage == .published)
        #expect(!story.isPublic(at: Scenario.now))
        #expect(story.isPublic(at: later))
        let past = Scenario.ready().when(.publish(at: Scenario.now.addingTimeInterval(-60)), by: "bo", as: [.editor])
        #expect(throws: EditorialError.invalidInput("an embargo time must not be in the past")) { try past.get() }
    }

    @Test("a rejection with reasons goes back to editing; without reasons it is refused")
    func reject() throws {
        let story = Scenario.inFactCheck()
        #expect(
            try story.when(.reject(reasons: ["Passenger count unsourced"]), by: "cy", as: [.factChecker]).get() == [
                .factCheckRejected(FactCheckRejected(reasons: ["Passenger count unsourced"]))
            ])
        #expect(
            story.then(.reject(reasons: ["Passenger count unsourced"]), by: "cy", as: [.factChecker]).article.stage
                == .editing)
        #expect(throws: EditorialError.invalidInput("a rejection needs at least one reason")) {
            try story.when(.reject(reasons: [" "]), by: "cy", as: [.factChecker]).get()
        }
    }

    @Test("corrections, retraction and spiking keep the story and say why")
    func afterPublication() throws {
        var story = Scenario.published()
        story = story.then(
            .correct(
                kind: .correction, text: "An earlier version gave the wrong day.",
                change: ContentChange(body: [
                    "The ferry resumed its route on Tuesday.", "It carried 412 passengers on its first day.",
                ])), by: "bo", as: [.editor])
        #expect(story.article.corrections.map(\.kind) == [.correction])
        #expect(story.article.revision == 2)
        #expect(story.article.content?.body.first == "The ferry resumed its route on Tuesday.")
        story = story.then(
            .correct(kind: .editorsNote, text: "This story is part of our transport series.", change: ContentChange()),
            by: "bo", as: [.editor])
        #expect(story.article.revision == 2 && story.article.corrections.count == 2)
        story = story.then(.retract(reason: "The operator's figures were withdrawn."), by: "bo", as: [.editor])
        #expect(
            story.article.stage == .retracted && story.article.closingReason == "The operator's figures were withdrawn."
        )
        #expect(story.article.content != nil)

        let spiked = Scenario.inFactCheck().then(
            .spike(reason: "Superseded by the agency story."), by: "bo", as: [.editor]
        ).article
        #expect(spiked.stage == .spiked)
        #expect(throws: EditorialError.invalidInput("a reason is required")) {
            try Scenario.inFactCheck().when(.spike(reason: ""), by: "bo", as: [.editor]).get()
        }
    }

    @Test("comments are anchored to a revision; assignment names a person")
    func commentsAndAssignment() throws {
        let story = Scenario.inFactCheck()
            .then(.comment("Check the date."), by: "bo", as: [.editor])
            .then(.assign(to: "cy"), by: "bo", as: [.editor]).article
        #expect(story.comments == [Commented(text: "Check the date.", revision: 1, by: "bo")])
        #expect(story.assignee == "cy")
    }

    @Test("events round-trip through their stable type names and JSON")
    func eventCoding() throws {
        let story = Scenario.published()
        let events: [ArticleEvent] = [
            .drafted(Drafted(content: Scenario.content, author: "ana")),
            .factCheckApproved(FactCheckApproved(signOff: story.article.signOff!)),
            .published(Published(publicAt: Scenario.now, revision: 1)),
        ]
        for event in events {
            let decoded = try ArticleEvent.decode(typeName: event.typeName, data: try event.encodedData())
            #expect(decoded == event)
        }
        #expect(throws: EditorialError.unknownEvent("ArticleTeleported")) {
            try ArticleEvent.decode(typeName: "ArticleTeleported", data: Data("{}".utf8))
        }
    }
}
