import Editorial
import Foundation
import Testing

@Suite("Rules: every refusal")
struct RuleTests {
    @Test("a reporter cannot publish")
    func reporterCannotPublish() {
        let result = Scenario.ready().when(.publish(at: nil), by: "ana", as: [.reporter])
        #expect(throws: EditorialError.forbidden("ana (reporter) may not publish a story")) { try result.get() }
    }

    @Test("an auditor can do nothing")
    func auditorReadsOnly() {
        for (command, phrase): (ArticleCommand, String) in [
            (.comment("hi"), "comment on a story"), (.submit, "submit a story"), (.spike(reason: "x"), "spike a story"),
        ] {
            let result = Scenario.inFactCheck().when(command, by: "di", as: [.auditor])
            #expect(throws: EditorialError.forbidden("di (auditor) may not \(phrase)")) { try result.get() }
        }
    }

    @Test("approval with a claim lacking a verdict is refused")
    func unresolvedClaim() {
        let result = Scenario.inFactCheck().when(.approve, by: "cy", as: [.factChecker])
        #expect(throws: EditorialError.ruleViolation("every claim needs a verdict first; open: c1")) {
            try result.get()
        }
    }

    @Test("approval with an inaccurate or misleading verdict standing is refused")
    func wrongVerdictStanding() {
        for rating in [Rating.inaccurate, .misleading] {
            let story = Scenario.inFactCheck().then(
                .recordVerdict(claimID: "c1", rating: rating, evidence: [], note: "The log says 214."), by: "cy",
                as: [.factChecker])
            #expect(
                throws: EditorialError.ruleViolation("claims rated inaccurate or misleading must be fixed first: c1")
            ) {
                try story.when(.approve, by: "cy", as: [.factChecker]).get()
            }
        }
    }

    @Test("publishing without a current sign-off is refused")
    func publishWithoutSignOff() {
        let result = Scenario.inFactCheck().when(.publish(at: nil), by: "bo", as: [.editor])
        // Only a sign-off makes a story ready, so a story without one is refused for its stage.
        #expect(
            throws: EditorialError.wrongStage("only a story in ready can be asked to publish; this one is fact-check")
        ) {
            try result.get()
        }
    }

    @Test("an edit of headline or body after sign-off re-opens fact-check; the old sign-off stays in history")
    func editAfterSignOff() throws {
        let ready = Scenario.ready()
        let change = ContentChange(headline: "Harbour ferry back after storm repairs")
        #expect(
            try ready.when(.edit(change), by: "bo", as: [.editor]).get() == [
                .edited(Edited(change: change, revision: 2)),
                .factCheckReopened(FactCheckReopened(signedOffRevision: 1, revision: 2)),
            ])
        let reopened = ready.then(.edit(change), by: "bo", as: [.editor]).article
        #expect(reopened.stage == .factCheck && reopened.signOff == nil && reopened.signOffHistory.count == 1)
        #expect(
            throws: EditorialError.wrongStage("only a story in ready can be asked to publish; this one is fact-check")
        ) {
            try ready.then(.edit(change), by: "bo", as: [.editor]).when(.publish(at: nil), by: "bo", as: [.editor])
                .get()
        }
        // A change that leaves headline and body alone keeps the sign-off.
        let desk = ready.then(.edit(ContentChange(desk: "transport")), by: "bo", as: [.editor]).article
        #expect(desk.stage == .ready && desk.signOff != nil)
    }

    @Test("a published story cannot be edited, only corrected")
    func publishedIsCorrectedNotEdited() {
        let result = Scenario.published().when(.edit(ContentChange(headline: "New")), by: "bo", as: [.editor])
        #expect(
            throws: EditorialError.wrongStage(
                "a published story is never edited silently: correct it, with a public note")
        ) {
            try result.get()
        }
        #expect(throws: EditorialError.wrongStage("only a published story is corrected; this one is ready")) {
            try Scenario.ready().when(
                .correct(kind: .correction, text: "x", change: ContentChange()), by: "bo", as: [.editor]
            ).get()
        }
    }

    @Test("nobody signs off the fact-check of a story they wrote or last edited")
    func separationOfDuties() {
        // The author also holds the fact-checker role.
        let authored = Scenario().then(.draft(Scenario.content), by: "eve", as: [.reporter, .factChecker])
            .then(.submit, by: "eve", as: [.reporter]).then(.sendToFactCheck, by: "bo", as: [.editor])
        #expect(
            throws: EditorialError.ruleViolation(
                "eve wrote or last edited this story and cannot sign off its fact-check")
        ) { try authored.when(.approve, by: "eve", as: [.factChecker]).get() }
        // The last editor also holds the fact-checker role.
        let edited = Scenario.inFactCheck()
            .then(
                .recordVerdict(claimID: "c1", rating: .accurate, evidence: [], note: "Checked."), by: "cy",
                as: [.factChecker]
            )
            .then(.edit(ContentChange(kicker: "Ferries")), by: "fay", as: [.editor, .factChecker])
        #expect(
            throws: EditorialError.ruleViolation(
                "fay wrote or last edited this story and cannot sign off its fact-check")
        ) { try edited.when(.approve, by: "fay", as: [.factChecker]).get() }
        #expect(throws: Never.self) { try edited.when(.approve, by: "cy", as: [.factChecker]).get() }
    }

    @Test("a reporter revises only their own draft, and only while it is a draft")
    func reporterEdits() {
        let draft = Scenario().then(.draft(Scenario.content), by: "ana", as: [.reporter])
        #expect(throws: EditorialError.forbidden("a reporter revises only their own draft")) {
            try draft.when(.edit(ContentChange(kicker: "x")), by: "zed", as: [.reporter]).get()
        }
        #expect(throws: Never.self) {
            try draft.when(.edit(ContentChange(kicker: "x")), by: "ana", as: [.reporter]).get()
        }
        let editing = draft.then(.submit, by: "ana", as: [.reporter])
        #expect(throws: EditorialError.forbidden("a reporter revises a story only while it is a draft")) {
            try editing.when(.edit(ContentChange(kicker: "x")), by: "ana", as: [.reporter]).get()
        }
    }

    @Test("commands in the wrong stage, and on a story that does not exist, are refused")
    func wrongStage() {
        #expect(throws: EditorialError.notFound("there is no such story")) {
            try Scenario().when(.submit, by: "ana", as: [.reporter]).get()
        }
        #expect(
            throws: EditorialError.wrongStage(
                "only a story in editing can be asked to send to fact-check; this one is ready")
        ) {
            try Scenario.ready().when(.sendToFactCheck, by: "bo", as: [.editor]).get()
        }
        #expect(
            throws: EditorialError.wrongStage(
                "only a story that is not yet public can be spiked; this one is published")
        ) {
            try Scenario.published().when(.spike(reason: "late"), by: "bo", as: [.editor]).get()
        }
        #expect(throws: EditorialError.wrongStage("only a published story is retracted; this one is fact-check")) {
            try Scenario.inFactCheck().when(.retract(reason: "x"), by: "bo", as: [.editor]).get()
        }
        #expect(throws: EditorialError.wrongStage("this story already exists")) {
            try Scenario.inFactCheck().when(.draft(Scenario.content), by: "ana", as: [.reporter]).get()
        }
        #expect(throws: EditorialError.wrongStage("the story is already published")) {
            try Scenario.published().when(.publish(at: nil), by: "bo", as: [.editor]).get()
        }
    }

    @Test(
        "bad input is refused: empty headline, bad slug, unknown claim, duplicate claim, non-web evidence, empty edit")
    func badInput() {
        var content = Scenario.content
        content.headline = " "
        #expect(throws: EditorialError.invalidInput("the headline is empty")) {
            try Scenario().when(.draft(content), by: "ana", as: [.reporter]).get()
        }
        content = Scenario.content
        content.slug = "Harbour Ferry"
        #expect(
            throws: EditorialError.invalidInput(
                "the slug \"Harbour Ferry\" must be lowercase letters, digits and hyphens, 1 to 120 characters")
        ) { try Scenario().when(.draft(content), by: "ana", as: [.reporter]).get() }
        let story = Scenario.inFactCheck()
        #expect(throws: EditorialError.notFound("the story has no claim c9")) {
            try story.when(
                .recordVerdict(claimID: "c9", rating: .accurate, evidence: [], note: "x"), by: "cy", as: [.factChecker]
            ).get()
        }
        #expect(throws: EditorialError.invalidInput("the story already has a claim c1")) {
            try story.when(.addClaim(Claim(id: "c1", text: "again")), by: "cy", as: [.factChecker]).get()
        }
        #expect(throws: EditorialError.invalidInput("evidence must be an http or https link, not file:///etc/passwd")) {
            try story.when(
                .recordVerdict(
                    claimID: "c1", rating: .accurate, evidence: [URL(string: "file:///etc/passwd")!], note: "x"),
                by: "cy", as: [.factChecker]
            ).get()
        }
        #expect(throws: EditorialError.invalidInput("the edit changes nothing")) {
            try story.when(.edit(ContentChange(headline: Scenario.content.headline)), by: "bo", as: [.editor]).get()
        }
    }

    @Test("the permission table covers every action, and only fact-checkers rule on claims")
    func permissionTable() {
        for action in Action.allCases { #expect(!Permissions.roles(for: action).isEmpty, "\(action)") }
        for action in [Action.recordVerdict, .confirmVerdict, .withdrawClaim, .approve, .reject] {
            #expect(Permissions.roles(for: action) == [.factChecker])
        }
        for action in Action.allCases { #expect(!Permissions.allows([.auditor], action)) }
    }
}
