import Editorial
import Foundation
import Testing

@Suite("Takedown: a legal removal of a story that was published, for editors and admins, with no way back")
struct TakedownTests {
    static let reason = "Court order 2026/114: the ruling names a minor."
    static let embargo = Scenario.now.addingTimeInterval(86_400)

    static func takenDown() -> Scenario {
        Scenario.published().then(.takedown(reason: reason), by: "bo", as: [.editor])
    }

    @Test("given a public story, when an editor takes it down, then it leaves the public record and says why to staff")
    func publicStory() throws {
        let story = Scenario.published()
        #expect(
            try story.when(.takedown(reason: "  \(Self.reason)\n"), by: "bo", as: [.editor]).get() == [
                .takenDown(TakenDown(reason: Self.reason, wasPublic: true))
            ])
        let down = Self.takenDown().article
        #expect(down.stage == .takenDown && down.closingReason == Self.reason)
        #expect(down.publicity(at: Scenario.now.addingTimeInterval(60)) == .takenDown)
        #expect(!down.publicity(at: Scenario.now).isOnPublicRecord && down.publicity(at: Scenario.now).hasBeenPublic)
        #expect(
            ArticleEvent.takenDown(TakenDown(reason: Self.reason, wasPublic: true)).summary
                == "taken down: Court order 2026/114: the ruling names a minor.")
    }

    @Test("given a retracted story, when an admin takes it down, then it is taken down: admins hold editors' powers")
    func retractedByAdmin() throws {
        let story = Scenario.published().then(.retract(reason: "Wrong."), by: "bo", as: [.editor])
        #expect(
            try story.when(.takedown(reason: Self.reason), by: "root", as: [.admin]).get() == [
                .takenDown(TakenDown(reason: Self.reason, wasPublic: true))
            ])
    }

    @Test("given an embargoed story, when an editor takes it down, then it never becomes public")
    func embargoed() throws {
        let story = Scenario.ready().then(.publish(at: Self.embargo), by: "bo", as: [.editor])
        #expect(
            try story.when(.takedown(reason: Self.reason), by: "bo", as: [.editor]).get() == [
                .takenDown(TakenDown(reason: Self.reason, wasPublic: false))
            ])
        let down = story.then(.takedown(reason: Self.reason), by: "bo", as: [.editor]).article
        #expect(down.stage == .takenDown && down.publicAt == nil)
        #expect(down.publicity(at: Self.embargo.addingTimeInterval(3_600)) == .unpublished)
        #expect(!Publicity.wasPublished(stage: down.stage, publicAt: down.publicAt))
        #expect(
            ArticleEvent.takenDown(TakenDown(reason: "Order.", wasPublic: false)).summary
                == "taken down under embargo: Order.")
    }

    @Test("given a public story, when a reporter, a fact-checker or an auditor takes it down, then it is forbidden")
    func forbidden() {
        let story = Scenario.published()
        #expect(throws: EditorialError.forbidden("ana (reporter) may not take a story down")) {
            try story.when(.takedown(reason: Self.reason), by: "ana", as: [.reporter]).get()
        }
        #expect(throws: EditorialError.forbidden("cy (fact-checker) may not take a story down")) {
            try story.when(.takedown(reason: Self.reason), by: "cy", as: [.factChecker]).get()
        }
        #expect(throws: EditorialError.forbidden("di (auditor) may not take a story down")) {
            try story.when(.takedown(reason: Self.reason), by: "di", as: [.auditor]).get()
        }
    }

    @Test("given a public story, when the reason is empty, too long or holds a control character, then it is refused")
    func reasonRequired() {
        let story = Scenario.published()
        #expect(throws: EditorialError.invalidInput("a reason is required")) {
            try story.when(.takedown(reason: " \n "), by: "bo", as: [.editor]).get()
        }
        #expect(throws: EditorialError.invalidInput("a reason is longer than 10000 characters")) {
            try story.when(.takedown(reason: String(repeating: "x", count: 10_001)), by: "bo", as: [.editor]).get()
        }
        #expect(
            throws: EditorialError.invalidInput(
                "a reason holds a control character (such as U+0000); only tab and line breaks are allowed")
        ) {
            try story.when(.takedown(reason: "Order\u{0}"), by: "bo", as: [.editor]).get()
        }
    }

    @Test("given a story never published, or spiked, when an editor takes it down, then the stage refuses")
    func neverPublished() {
        let message = "only a story that was published (public, embargoed or retracted) is taken down; this one is "
        #expect(throws: EditorialError.wrongStage(message + "ready")) {
            try Scenario.ready().when(.takedown(reason: Self.reason), by: "bo", as: [.editor]).get()
        }
        #expect(throws: EditorialError.wrongStage(message + "fact-check")) {
            try Scenario.inFactCheck().when(.takedown(reason: Self.reason), by: "bo", as: [.editor]).get()
        }
        let spiked = Scenario.ready().then(.spike(reason: "Dropped."), by: "bo", as: [.editor])
        #expect(throws: EditorialError.wrongStage(message + "spiked")) {
            try spiked.when(.takedown(reason: Self.reason), by: "bo", as: [.editor]).get()
        }
    }

    @Test("given a story taken down, then nothing but a comment is taken: no edit, correction, move or way back")
    func terminal() throws {
        let story = Self.takenDown()
        let editor = (name: "bo", roles: Set<Role>([.editor]))
        func refused(_ command: ArticleCommand, _ message: String) {
            #expect(throws: EditorialError.wrongStage(message), "\(command)") {
                try story.when(command, by: editor.name, as: editor.roles).get()
            }
        }
        refused(.takedown(reason: "Again."), "the story is already taken down")
        refused(.edit(ContentChange(headline: "New")), "a taken down story cannot be edited")
        refused(
            .correct(kind: .correction, text: "Fixed.", change: ContentChange()),
            "only a published story is corrected; this one is taken down")
        refused(.retract(reason: "Wrong."), "only a published story is retracted; this one is taken down")
        refused(.publish(at: nil), "only a story in ready can be asked to publish; this one is taken down")
        refused(.spike(reason: "Drop."), "only a story that is not yet public can be spiked; this one is taken down")
        refused(.unspike, "only a spiked story is unspiked; this one is taken down")
        refused(.assign(to: "ana"), "a taken down story is not assigned")
        // Staff may still talk about it: a legal matter has a record of its own.
        #expect(try story.when(.comment("Lawyers informed."), by: "bo", as: [.editor]).get().count == 1)
        let context = CommandContext(actor: "root", roles: [.admin], now: Scenario.now)
        #expect(story.article.offeredActions(context: context) == [.comment])
    }
}
