import Editorial
import Foundation
import Testing

@Suite("Embargo: published but not yet public")
struct EmbargoTests {
    static let embargo = Scenario.now.addingTimeInterval(3_600)

    static func embargoed() -> Scenario {
        Scenario.ready().then(.publish(at: embargo), by: "bo", as: [.editor])
    }

    @Test("given an embargoed story, publishing again moves the embargo, or lifts it with no time")
    func embargoMovesOrLifts() throws {
        let later = Self.embargo.addingTimeInterval(7_200)
        let moved = Self.embargoed().then(.publish(at: later), by: "bo", as: [.editor])
        #expect(moved.article.publicAt == later && moved.article.stage == .published)
        let lifted = Self.embargoed().then(.publish(at: nil), by: "bo", as: [.editor])
        #expect(lifted.article.publicAt == Scenario.now && lifted.article.isPublic(at: Scenario.now))
        // Once public, it is published for good.
        #expect(throws: EditorialError.wrongStage("the story is already published")) {
            try lifted.when(.publish(at: later), by: "bo", as: [.editor]).get()
        }
        #expect(throws: EditorialError.invalidInput("an embargo time must not be in the past")) {
            try Self.embargoed().when(.publish(at: Scenario.now.addingTimeInterval(-60)), by: "bo", as: [.editor])
                .get()
        }
    }

    @Test("before its public time a story is not corrected: an edit of its text reopens fact-check")
    func changeBeforePublicIsAnEdit() throws {
        let story = Self.embargoed()
        let refusal =
            "the story is embargoed until \(Self.embargo.formatted(.iso8601)) and is not corrected before it is "
            + "public: edit it (a change of headline or body reopens its fact-check) or move the embargo with publish"
        #expect(throws: EditorialError.wrongStage(refusal)) {
            try story.when(
                .correct(kind: .correction, text: "Fixed the count.", change: ContentChange(headline: "New")),
                by: "bo", as: [.editor]
            ).get()
        }
        let edited = story.then(.edit(ContentChange(headline: "Harbour ferry back")), by: "bo", as: [.editor])
        #expect(edited.article.stage == .factCheck)
        #expect(edited.article.publicAt == nil && edited.article.signOff == nil)
        #expect(!edited.article.isPublic(at: Self.embargo.addingTimeInterval(1)))
        // A kicker edit keeps the schedule and the sign-off.
        let kicker = story.then(.edit(ContentChange(kicker: "Ferries")), by: "bo", as: [.editor])
        #expect(kicker.article.stage == .published && kicker.article.publicAt == Self.embargo)
        // After its public time, the same change is a correction.
        #expect(throws: Never.self) {
            try story.when(
                .correct(kind: .correction, text: "Fixed the count.", change: ContentChange(headline: "New")),
                by: "bo", as: [.editor], at: Self.embargo.addingTimeInterval(1)
            ).get()
        }
    }

    @Test("an embargoed story is spiked, not retracted")
    func embargoedIsSpikedNotRetracted() {
        let story = Self.embargoed()
        #expect(throws: Never.self) { try story.when(.spike(reason: "Pulled"), by: "bo", as: [.editor]).get() }
        let refusal =
            "the story is embargoed until \(Self.embargo.formatted(.iso8601)) and is not retracted before it is "
            + "public: edit it (a change of headline or body reopens its fact-check) or move the embargo with publish; "
            + "spike it instead"
        #expect(throws: EditorialError.wrongStage(refusal)) {
            try story.when(.retract(reason: "Pulled"), by: "bo", as: [.editor]).get()
        }
        #expect(throws: EditorialError.wrongStage("the story is already spiked")) {
            try story.then(.spike(reason: "Pulled"), by: "bo", as: [.editor]).when(
                .spike(reason: "again"), by: "bo", as: [.editor]
            ).get()
        }
    }

    @Test("the note a story came back with stays open until it moves on")
    func openNote() {
        let sentBack = Scenario()
            .then(.draft(Scenario.content), by: "ana", as: [.reporter])
            .then(.submit, by: "ana", as: [.reporter])
            .then(.sendBack(note: "Add the operator's comment"), by: "bo", as: [.editor])
        #expect(
            sentBack.article.openNote == ReturnNote(kind: .sentBack, lines: ["Add the operator's comment"], by: "bo"))
        #expect(sentBack.then(.submit, by: "ana", as: [.reporter]).article.openNote == nil)
        let rejected = Scenario.inFactCheck().then(
            .reject(reasons: ["c1: source?", "Date"]), by: "cy", as: [.factChecker])
        #expect(rejected.article.openNote?.kind == .factCheckRejected)
        #expect(rejected.article.openNote?.lines == ["c1: source?", "Date"])
        #expect(rejected.then(.sendToFactCheck, by: "bo", as: [.editor]).article.openNote == nil)
    }
}
