import Editorial
import Foundation
import Testing

/// `docs/workflow.md` is checked against the code: its tables of who may do what, and of which stage takes
/// which command, are rendered here from `Permissions.roles(for:)` and from `decide` itself. When they differ the
/// test fails and prints the tables as they should read; `GALLEY_WRITE_DOCS=1` writes them into the page.
@Suite("The workflow page matches the rules")
struct WorkflowDocTests {
    static let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/workflow.md")

    /// The story in each state a command can meet, as the workflow leaves it.
    static let states: [(String, Scenario)] = {
        let embargo = Scenario.now.addingTimeInterval(86_400)
        let published = Scenario.published()
        return [
            ("draft", Scenario().then(.draft(Scenario.content), by: "ana", as: [.reporter])),
            (
                "editing",
                Scenario().then(.draft(Scenario.content), by: "ana", as: [.reporter]).then(
                    .submit, by: "ana", as: [.reporter])
            ),
            ("fact_check", Scenario.inFactCheck()),
            ("ready", Scenario.ready()),
            ("published, embargoed", Scenario.ready().then(.publish(at: embargo), by: "bo", as: [.editor])),
            ("published", published),
            ("retracted", published.then(.retract(reason: "Withdrawn"), by: "bo", as: [.editor])),
            ("spiked", Scenario.ready().then(.spike(reason: "Dropped"), by: "bo", as: [.editor])),
            ("taken_down", published.then(.takedown(reason: "Court order"), by: "bo", as: [.editor])),
        ]
    }()

    static func roles(_ roles: Set<Role>) -> String { roles.sorted().map(\.rawValue).joined(separator: ", ") }

    /// Who may do what, from `Permissions.roles(for:)`.
    static func permissionsTable() -> String {
        var lines = ["| action | roles |", "| --- | --- |"]
        for action in Action.allCases {
            lines.append("| `\(action.rawValue)` | \(roles(Permissions.roles(for: action))) |")
        }
        return lines.joined(separator: "\n")
    }

    /// Which stage takes which action, asked of `decide` with an actor who holds the action's roles and did not
    /// write the story: ✓ where the stage takes it, ✗ where it is refused as the wrong stage.
    static func stageTable() -> String {
        var lines = ["| action | " + states.map(\.0).joined(separator: " | ") + " |"]
        lines.append("| --- |" + String(repeating: " :-: |", count: states.count))
        for action in Action.allCases where action != .draft {
            let context = CommandContext(actor: "zoe", roles: Permissions.roles(for: action), now: Scenario.now)
            let marks = states.map {
                $0.1.article.availability(of: action, context: context) == .unavailable ? "✗" : "✓"
            }
            lines.append("| `\(action.rawValue)` | " + marks.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// The page with each generated block replaced by what the code says.
    static func rendered(_ page: String) -> String {
        var page = page
        for (name, table) in [("permissions", permissionsTable()), ("stages", stageTable())] {
            let start = "<!-- generated: \(name) -->\n"
            let end = "<!-- end: \(name) -->"
            guard let from = page.range(of: start), let to = page.range(of: end, range: from.upperBound..<page.endIndex)
            else {
                Issue.record("docs/workflow.md lacks the block \(name)")
                continue
            }
            page.replaceSubrange(from.upperBound..<to.lowerBound, with: table + "\n")
        }
        return page
    }

    @Test("docs/workflow.md has the permission table and the stage table the code has")
    func pageMatchesCode() throws {
        let page = try String(contentsOf: Self.page, encoding: .utf8)
        #expect(page.contains("<!-- generated: permissions -->") && page.contains("<!-- generated: stages -->"))
        let expected = Self.rendered(page)
        if ProcessInfo.processInfo.environment["GALLEY_WRITE_DOCS"] == "1" {
            try expected.write(to: Self.page, atomically: true, encoding: .utf8)
        }
        #expect(page == expected, "docs/workflow.md differs from the code; it should read:\n\(expected)")
    }

    @Test("what a user is offered: the roles' actions the stage takes, with a rule's refusal named")
    func offeredActions() {
        let checker = CommandContext(actor: "cy", roles: [.factChecker], now: Scenario.now)
        let story = Scenario.inFactCheck().article
        #expect(
            story.offeredActions(context: checker) == [
                .addClaim, .recordVerdict, .confirmVerdict, .withdrawClaim, .approve, .reject, .comment,
            ])
        #expect(
            story.availability(of: .approve, context: checker)
                == .refused("every claim needs a verdict first; open: c1"))
        let reporter = CommandContext(actor: "ana", roles: [.reporter], now: Scenario.now)
        #expect(Scenario.ready().article.availability(of: .publish, context: reporter) == .unavailable)
        #expect(Scenario.ready().article.offeredActions(context: reporter) == [.comment])
    }
}
