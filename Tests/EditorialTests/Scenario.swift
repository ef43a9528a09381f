import Editorial
import Foundation
import Testing

/// Given/when/then over events, with no database: the shape of every domain test.
struct Scenario {
    private(set) var article = Article()

    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let content = ArticleContent(
        headline: "Harbour ferry returns after storm repairs", kicker: "Transport", bylines: ["Ana Reis"],
        body: ["The ferry resumed its route on Monday.", "It carried 412 passengers on its first day."],
        slug: "harbour-ferry-returns", desk: "city")

    /// Given these past events, each with its actor.
    static func given(_ history: [(ArticleEvent, String)]) -> Scenario {
        var scenario = Scenario()
        for (event, actor) in history { scenario.article = scenario.article.evolve(event, actor: actor) }
        return scenario
    }

    /// When `actor` with `roles` issues `command`: the events decided, or the error.
    func when(_ command: ArticleCommand, by actor: String, as roles: Set<Role>, at now: Date = Scenario.now)
        -> Result<[ArticleEvent], EditorialError>
    {
        do throws(EditorialError) {
            return .success(try article.decide(command, context: CommandContext(actor: actor, roles: roles, now: now)))
        } catch {
            return .failure(error)
        }
    }

    /// Applies the command's events, failing the test when it is refused.
    func then(_ command: ArticleCommand, by actor: String, as roles: Set<Role>, at now: Date = Scenario.now) -> Scenario
    {
        var next = self
        switch when(command, by: actor, as: roles, at: now) {
        case .success(let events):
            for event in events { next.article = next.article.evolve(event, actor: actor) }
        case .failure(let error):
            Issue.record("\(command) by \(actor) was refused: \(error)")
        }
        return next
    }

    // The newsroom of the tests.
    static let reporter: (String, Set<Role>) = ("ana", [.reporter])
    static let editor: (String, Set<Role>) = ("bo", [.editor])
    static let checker: (String, Set<Role>) = ("cy", [.factChecker])
    static let auditor: (String, Set<Role>) = ("di", [.auditor])

    /// A story drafted by the reporter, submitted, and sent to fact-check by the editor, with one claim.
    static func inFactCheck() -> Scenario {
        Scenario()
            .then(.draft(content), by: reporter.0, as: reporter.1)
            .then(.submit, by: reporter.0, as: reporter.1)
            .then(.sendToFactCheck, by: editor.0, as: editor.1)
            .then(
                .addClaim(Claim(id: "c1", text: "It carried 412 passengers on its first day.")), by: checker.0,
                as: checker.1)
    }

    /// The same story, its claim rated accurate and signed off.
    static func ready() -> Scenario {
        inFactCheck()
            .then(
                .recordVerdict(
                    claimID: "c1", rating: .accurate, evidence: [URL(string: "https://example.org/ferry-log")!],
                    note: "Matches the operator's log."), by: checker.0, as: checker.1
            )
            .then(.approve, by: checker.0, as: checker.1)
    }

    /// The same story, published.
    static func published() -> Scenario {
        ready().then(.publish(at: nil), by: editor.0, as: editor.1)
    }
}
