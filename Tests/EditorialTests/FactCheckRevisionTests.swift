import Editorial
import Foundation
import Testing

@Suite("Fact-check: a verdict belongs to the revision it judged")
struct FactCheckRevisionTests {
    static let checker = Scenario.checker
    static let editor = Scenario.editor

    /// Rated on revision 1, then the editor rewrote the sentence the claim quoted and sent it back to fact-check.
    static func rewritten(body: [String]) -> Scenario {
        Scenario.inFactCheck()
            .then(
                .recordVerdict(claimID: "c1", rating: .accurate, evidence: [], note: "Matches the log."),
                by: checker.0, as: checker.1
            )
            .then(.reject(reasons: ["Check the figure again"]), by: checker.0, as: checker.1)
            .then(.edit(ContentChange(body: body)), by: editor.0, as: editor.1)
            .then(.sendToFactCheck, by: editor.0, as: editor.1)
    }

    @Test("given a verdict on revision 1 and an edit that keeps its sentence, approval needs a confirmation")
    func outdatedVerdictNeedsConfirmation() throws {
        let story = Self.rewritten(body: ["The ferry resumed its route on Tuesday.", Scenario.content.body[1]])
        let claim = try #require(story.article.claims.first)
        #expect(story.article.standing(of: claim) == .outdated)
        #expect(
            throws: EditorialError.ruleViolation(
                "these verdicts were made on an earlier revision; confirm them or rule again: c1 (revision 1)")
        ) { try story.when(.approve, by: Self.checker.0, as: Self.checker.1).get() }

        let confirmed = story.then(.confirmVerdict(claimID: "c1"), by: Self.checker.0, as: Self.checker.1)
        #expect(confirmed.article.claims[0].verdict?.revision == 2)
        #expect(confirmed.article.standing(of: confirmed.article.claims[0]) == .current)
        let events = try confirmed.when(.approve, by: Self.checker.0, as: Self.checker.1).get()
        guard case .factCheckApproved(let approved) = events.first else {
            Issue.record("approval decided \(events)")
            return
        }
        #expect(approved.signOff.covered == [CoveredVerdict(claimId: "c1", rating: .accurate, revision: 2, by: "cy")])
    }

    @Test("given an edit that removes a claim's sentence, the claim's text is missing: rule again or withdraw")
    func missingTextIsRuledAgainOrWithdrawn() throws {
        let story = Self.rewritten(body: ["The ferry resumed its route on Monday.", "It carried 214 passengers."])
        #expect(story.article.standing(of: story.article.claims[0]) == .textMissing)
        #expect(
            throws: EditorialError.ruleViolation(
                "the text of claim c1 no longer appears in the story: rule on it again or withdraw it")
        ) { try story.when(.confirmVerdict(claimID: "c1"), by: Self.checker.0, as: Self.checker.1).get() }
        #expect(
            throws: EditorialError.ruleViolation(
                "the text of these claims no longer appears in the story; rule on them again or withdraw them: c1")
        ) { try story.when(.approve, by: Self.checker.0, as: Self.checker.1).get() }

        // Ruled again on the current revision, it counts.
        let reruled = story.then(
            .recordVerdict(claimID: "c1", rating: .accurate, evidence: [], note: "The log says 214."),
            by: Self.checker.0, as: Self.checker.1)
        #expect(reruled.article.standing(of: reruled.article.claims[0]) == .current)
        #expect(throws: Never.self) { try reruled.when(.approve, by: Self.checker.0, as: Self.checker.1).get() }

        // Withdrawn, it no longer counts; a story left with no claims needs the explicit statement.
        let withdrawn = story.then(
            .withdrawClaim(claimID: "c1", reason: "The sentence was cut."), by: Self.checker.0, as: Self.checker.1)
        #expect(withdrawn.article.standing(of: withdrawn.article.claims[0]) == .withdrawn)
        #expect(
            throws: EditorialError.ruleViolation(
                "the story has no claims on its checklist: add them, or approve stating it makes no claim to check")
        ) { try withdrawn.when(.approve, by: Self.checker.0, as: Self.checker.1).get() }
        #expect(throws: EditorialError.ruleViolation("claim c1 was withdrawn")) {
            try withdrawn.when(
                .recordVerdict(claimID: "c1", rating: .accurate, evidence: [], note: "x"), by: Self.checker.0,
                as: Self.checker.1
            ).get()
        }
        let signed = withdrawn.then(.approveWithNoClaims, by: Self.checker.0, as: Self.checker.1)
        #expect(signed.article.signOff?.noClaims == true && signed.article.stage == .ready)
    }

    @Test("a story with claims is not signed off as having none; one with none needs the explicit statement")
    func noClaimsIsStatedExplicitly() {
        let story = Scenario()
            .then(.draft(Scenario.content), by: "ana", as: [.reporter])
            .then(.submit, by: "ana", as: [.reporter])
            .then(.sendToFactCheck, by: "bo", as: [.editor])
        #expect(
            throws: EditorialError.ruleViolation(
                "the story has no claims on its checklist: add them, or approve stating it makes no claim to check")
        ) { try story.when(.approve, by: "cy", as: [.factChecker]).get() }
        #expect(throws: Never.self) { try story.when(.approveWithNoClaims, by: "cy", as: [.factChecker]).get() }
        #expect(
            throws: EditorialError.ruleViolation("the story has claims to check (c1): rule on them and approve")
        ) { try Scenario.inFactCheck().when(.approveWithNoClaims, by: "cy", as: [.factChecker]).get() }
    }

    @Test("an edit of the kicker alone leaves verdicts current; only fact-checkers confirm and withdraw")
    func kickerEditKeepsVerdicts() {
        let story = Scenario.inFactCheck()
            .then(
                .recordVerdict(claimID: "c1", rating: .accurate, evidence: [], note: "Checked."), by: "cy",
                as: [.factChecker]
            )
            .then(.edit(ContentChange(kicker: "Ferries")), by: "bo", as: [.editor])
        #expect(story.article.standing(of: story.article.claims[0]) == .current)
        #expect(throws: EditorialError.forbidden("bo (editor) may not confirm a verdict on a story's claim")) {
            try story.when(.confirmVerdict(claimID: "c1"), by: "bo", as: [.editor]).get()
        }
        #expect(throws: EditorialError.forbidden("bo (editor) may not withdraw a story's claim")) {
            try story.when(.withdrawClaim(claimID: "c1", reason: "x"), by: "bo", as: [.editor]).get()
        }
    }

    @Test("a claim's source and a verdict's evidence follow one rule: http or https links")
    func linksFollowOneRule() {
        let story = Scenario.inFactCheck()
        #expect(throws: EditorialError.invalidInput("a claim's source must be an http or https link, not not a url")) {
            try story.when(
                .addClaim(Claim(id: "c2", text: "It carried 412 passengers.", source: "not a url")), by: "cy",
                as: [.factChecker]
            ).get()
        }
        #expect(throws: EditorialError.invalidInput("evidence must be an http or https link, not file:///etc/passwd")) {
            try story.when(
                .recordVerdict(
                    claimID: "c1", rating: .accurate, evidence: [URL(string: "file:///etc/passwd")!], note: "x"),
                by: "cy", as: [.factChecker]
            ).get()
        }
        #expect(throws: Never.self) {
            try story.when(
                .addClaim(Claim(id: "c2", text: "x", source: "https://example.org/ferry-log")), by: "cy",
                as: [.factChecker]
            ).get()
        }
    }
}
