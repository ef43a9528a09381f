import Editorial
import Foundation
import Testing

@Suite("Ways back: recall a submission, pull back from fact-check, unspike")
struct WaysBackTests {
    /// A draft by ana, submitted by her: no one else has touched it.
    static func submitted() -> Scenario {
        Scenario().then(.draft(Scenario.content), by: "ana", as: [.reporter]).then(.submit, by: "ana", as: [.reporter])
    }

    // MARK: recall

    @Test("given a fresh submission, when its author recalls it, then it is a draft again and can be submitted again")
    func recall() throws {
        let story = Self.submitted()
        #expect(try story.when(.recall, by: "ana", as: [.reporter]).get() == [.recalled(Recalled())])
        let recalled = story.then(.recall, by: "ana", as: [.reporter])
        #expect(recalled.article.stage == .draft && recalled.article.submission == nil)
        #expect(recalled.then(.submit, by: "ana", as: [.reporter]).article.stage == .editing)
    }

    @Test("given a fresh submission, an editor may recall it for its author, as an editor may submit for them")
    func recallByEditor() throws {
        #expect(try Self.submitted().when(.recall, by: "bo", as: [.editor]).get() == [.recalled(Recalled())])
    }

    @Test("given a fresh submission, when another reporter or an auditor recalls it, then it is forbidden")
    func recallForbidden() {
        let story = Self.submitted()
        #expect(throws: EditorialError.forbidden("a reporter recalls only their own submission")) {
            try story.when(.recall, by: "eve", as: [.reporter]).get()
        }
        #expect(throws: EditorialError.forbidden("di (auditor) may not recall a submitted story")) {
            try story.when(.recall, by: "di", as: [.auditor]).get()
        }
    }

    @Test("given a story that was never submitted or has moved on, when its author recalls it, then the stage refuses")
    func recallWrongStage() {
        let draft = Scenario().then(.draft(Scenario.content), by: "ana", as: [.reporter])
        #expect(
            throws: EditorialError.wrongStage(
                "only a submitted story is recalled, before the desk acts on it; this one is draft")
        ) { try draft.when(.recall, by: "ana", as: [.reporter]).get() }
        #expect(
            throws: EditorialError.wrongStage(
                "only a submitted story is recalled, before the desk acts on it; this one is fact-check")
        ) { try Scenario.inFactCheck().when(.recall, by: "ana", as: [.reporter]).get() }
    }

    @Test("given a submission an editor assigned, commented on or edited, when its author recalls it, it is refused")
    func recallAfterTheDeskActed() {
        let acted: [(ArticleCommand, String)] = [
            (.assign(to: "cy"), "bo: assigned to cy"),
            (.comment("On it."), "bo: comment on revision 1: On it."),
            (.edit(ContentChange(kicker: "Harbour")), "bo: revision 2: changed kicker"),
        ]
        for (command, what) in acted {
            let story = Self.submitted().then(command, by: "bo", as: [.editor])
            #expect(
                throws: EditorialError.wrongStage(
                    "the desk has already acted on this submission (\(what)): ask an editor to send it back")
            ) { try story.when(.recall, by: "ana", as: [.reporter]).get() }
        }
        // The first act is the one named; later ones do not change it.
        let twice = Self.submitted().then(.assign(to: "cy"), by: "bo", as: [.editor])
            .then(.comment("Mine now."), by: "cy", as: [.factChecker])
        #expect(twice.article.submission == Submission(actedOnBy: "bo", actedOn: "assigned to cy"))
    }

    @Test("given a submission its author only commented on since, when the author recalls it, then it goes back")
    func recallAfterOwnComment() throws {
        let story = Self.submitted().then(.comment("Forgot the photo."), by: "ana", as: [.reporter])
        #expect(try story.when(.recall, by: "ana", as: [.reporter]).get() == [.recalled(Recalled())])
    }

    @Test("given a story back in editing from fact-check, when its author recalls it, then it is refused")
    func recallAfterFactCheck() {
        let expected = EditorialError.wrongStage(
            "the desk has acted on this story since it was submitted: ask an editor to send it back")
        let rejected = Scenario.inFactCheck().then(.reject(reasons: ["Unsourced."]), by: "cy", as: [.factChecker])
        #expect(throws: expected) { try rejected.when(.recall, by: "ana", as: [.reporter]).get() }
        let pulled = Scenario.inFactCheck().then(.pullBack, by: "bo", as: [.editor])
        #expect(throws: expected) { try pulled.when(.recall, by: "ana", as: [.reporter]).get() }
    }

    // MARK: pull back

    @Test("given a story in fact-check with a verdict, when an editor pulls it back, it is in editing with its claims")
    func pullBack() throws {
        let story = Scenario.inFactCheck().then(
            .recordVerdict(claimID: "c1", rating: .accurate, evidence: [], note: "Matches the log."), by: "cy",
            as: [.factChecker])
        #expect(try story.when(.pullBack, by: "bo", as: [.editor]).get() == [.pulledBack(PulledBack())])
        let pulled = story.then(.pullBack, by: "bo", as: [.editor])
        #expect(pulled.article.stage == .editing)
        #expect(pulled.article.claims == story.article.claims)
        // Sent on again unchanged, the verdict still covers the text: it is signed off without ruling again.
        let again = pulled.then(.sendToFactCheck, by: "bo", as: [.editor]).then(.approve, by: "cy", as: [.factChecker])
        #expect(again.article.stage == .ready)
    }

    @Test("given a story in fact-check, when a reporter or a fact-checker pulls it back, then it is forbidden")
    func pullBackForbidden() {
        let story = Scenario.inFactCheck()
        #expect(throws: EditorialError.forbidden("ana (reporter) may not pull a story back from fact-check")) {
            try story.when(.pullBack, by: "ana", as: [.reporter]).get()
        }
        #expect(throws: EditorialError.forbidden("cy (fact-checker) may not pull a story back from fact-check")) {
            try story.when(.pullBack, by: "cy", as: [.factChecker]).get()
        }
    }

    @Test("given a story in editing or ready, when an editor pulls it back, then the stage refuses")
    func pullBackWrongStage() {
        #expect(
            throws: EditorialError.wrongStage(
                "only a story in fact-check is pulled back to editing; this one is editing")
        ) { try Self.submitted().when(.pullBack, by: "bo", as: [.editor]).get() }
        #expect(
            throws: EditorialError.wrongStage("only a story in fact-check is pulled back to editing; this one is ready")
        ) { try Scenario.ready().when(.pullBack, by: "bo", as: [.editor]).get() }
    }

    // MARK: unspike

    @Test("given a story spiked from each stage, when an editor unspikes it, then it is back in that stage")
    func unspike() throws {
        let stages: [(Scenario, Stage)] = [
            (Scenario().then(.draft(Scenario.content), by: "ana", as: [.reporter]), .draft),
            (Self.submitted(), .editing), (Scenario.inFactCheck(), .factCheck), (Scenario.ready(), .ready),
        ]
        for (story, stage) in stages {
            let spiked = story.then(.spike(reason: "Dropped."), by: "bo", as: [.editor])
            #expect(spiked.article.spikedFrom == stage)
            #expect(try spiked.when(.unspike, by: "bo", as: [.editor]).get() == [.unspiked(Unspiked(stage: stage))])
            let back = spiked.then(.unspike, by: "bo", as: [.editor]).article
            #expect(back.stage == stage && back.closingReason == nil && back.spikedFrom == nil)
            #expect(back.claims == story.article.claims && back.signOff == story.article.signOff)
        }
    }

    @Test("given a story spiked while embargoed, when an editor unspikes it, then it is ready, signed off, unscheduled")
    func unspikeEmbargoed() throws {
        let later = Scenario.now.addingTimeInterval(3_600)
        let embargoed = Scenario.ready().then(.publish(at: later), by: "bo", as: [.editor])
        let spiked = embargoed.then(.spike(reason: "Legal hold."), by: "bo", as: [.editor])
        #expect(try spiked.when(.unspike, by: "bo", as: [.editor]).get() == [.unspiked(Unspiked(stage: .ready))])
        let back = spiked.then(.unspike, by: "bo", as: [.editor])
        #expect(back.article.stage == .ready && back.article.publicAt == nil && back.article.signOff != nil)
        #expect(back.then(.publish(at: nil), by: "bo", as: [.editor]).article.isPublic(at: Scenario.now))
    }

    @Test("given a spiked story, when a reporter unspikes it, then it is forbidden")
    func unspikeForbidden() {
        let spiked = Scenario.ready().then(.spike(reason: "Dropped."), by: "bo", as: [.editor])
        #expect(throws: EditorialError.forbidden("ana (reporter) may not unspike a story")) {
            try spiked.when(.unspike, by: "ana", as: [.reporter]).get()
        }
    }

    @Test("given a story that is not spiked, or retracted, when an editor unspikes it, then the stage refuses")
    func unspikeWrongStage() {
        #expect(throws: EditorialError.wrongStage("only a spiked story is unspiked; this one is ready")) {
            try Scenario.ready().when(.unspike, by: "bo", as: [.editor]).get()
        }
        let retracted = Scenario.published().then(.retract(reason: "Wrong."), by: "bo", as: [.editor])
        #expect(throws: EditorialError.wrongStage("only a spiked story is unspiked; this one is retracted")) {
            try retracted.when(.unspike, by: "bo", as: [.editor]).get()
        }
    }

    // MARK: history and board

    @Test("each way back has a history line a person reads")
    func historyLines() {
        #expect(ArticleEvent.recalled(Recalled()).summary == "recalled to draft before the desk took it up")
        #expect(
            ArticleEvent.pulledBack(PulledBack()).summary
                == "pulled back from fact-check to editing; claims and verdicts kept")
        #expect(
            ArticleEvent.unspiked(Unspiked(stage: .factCheck)).summary == "taken off the spike, back in fact-check")
    }

    @Test("the board offers pull-back on a fact-check card; recall and unspike need the story's history, not a card")
    func boardMoves() {
        let now = Scenario.now
        func moves(_ stage: Stage, _ actor: String, _ roles: Set<Role>) -> [String] {
            Article.moves(
                stage: stage, author: "ana", publicAt: nil,
                context: CommandContext(actor: actor, roles: roles, now: now)
            ).map { "\($0.action.rawValue)→\($0.to.rawValue)" }
        }
        #expect(moves(.factCheck, "bo", [.editor]) == ["pull-back→editing", "spike→spiked"])
        #expect(moves(.editing, "ana", [.reporter]) == [])
        #expect(moves(.spiked, "bo", [.editor]) == [])
    }
}
