import Editorial

/// How the web app offers one action on a story: the panel it sits in, what its form asks for, and its button.
///
/// Every control of the story page but the edit form is rendered from this by one partial (`control.mustache`),
/// so an action's form is declared once, here, in a switch the compiler holds to every action.
struct ActionForm {
    /// Where on the story page a control sits. The workflow panel and the fact-check controls show only when
    /// they hold one.
    enum Panel: Hashable {
        /// Not on the story page: a draft is filed from the new-story page.
        case newStory
        /// The edit form, which has a template of its own (it carries a conflict's merge).
        case edit
        /// Under the comments.
        case comments
        /// In the story's facts, beside the assignee.
        case story
        /// The moves through the workflow, and what changes a published story.
        case workflow
        /// The fact-check panel, under the checklist.
        case factCheck
        /// Beside each claim of the checklist.
        case claim
    }

    /// One field of the form.
    struct Field {
        enum Kind {
            /// Several lines.
            case text(rows: Int)
            /// One line.
            case line
            /// A date and time in the newsroom's zone.
            case time
            /// One of a closed set.
            case choice([Choice])
            /// A box to tick.
            case check
        }

        var name: String
        var label: String
        /// Said after the label, quieter: a format, or "optional".
        var hint: String?
        var kind: Kind
        var required = false
        var value = ""
    }

    /// What a form may be filled with from the story as it stands.
    struct Prefill {
        /// The embargo time the story has, in the newsroom's zone.
        var publishAt: String
        /// The body as the edit form shows it.
        var body: String
        /// Whether the checklist has claims: only a story without any may be approved as making none.
        var hasClaims = false
        /// Whether the story is published under an embargo, which publishing again moves or lifts.
        var embargoed = false
        /// The people an assignment may pick, the assignee selected; none: a name is typed.
        var people: [Choice] = []
    }

    var action: Action
    var panel: Panel
    /// The words that fold the form away (`<details>`); nil for a form shown open.
    var summary: String?
    var fields: [Field] = []
    var style: Style = .plain
    /// The button's words, when not the action's own label.
    var button: String?
    /// Told apart from the action's other control on the same page, in its element ids.
    var variant: String?

    /// Lifting an embargo: publishing again with no time makes the story public now.
    static let liftEmbargo = {
        var form = ActionForm(.publish, prefill: Prefill(publishAt: "", body: ""))
        (form.summary, form.button, form.variant, form.fields) = (
            "Lift the embargo", "Make it public now", "lift", []
        )
        return form
    }()

    /// How the button looks: the usual next step, a step that cannot be undone, or neither.
    enum Style: String {
        case primary, danger, plain
    }

    /// The form of `action`, filled from `prefill` where the story has a value for it.
    init(_ action: Action, prefill: Prefill) {
        self.action = action
        let reason = { (label: String) in Field(name: "reason", label: label, kind: .text(rows: 2), required: true) }
        switch action {
        case .draft:
            panel = .newStory
        case .edit:
            // The edit form is the edit template's; only its standing comes from here.
            panel = .edit
        case .comment:
            panel = .comments
            fields = [Field(name: "text", label: "Add a comment", kind: .text(rows: 2), required: true)]
        case .assign:
            panel = .story
            fields = [
                Field(
                    name: "user", label: "Assign to",
                    hint: prefill.people.isEmpty ? nil : "people with work to do here",
                    kind: prefill.people.isEmpty ? .line : .choice(prefill.people), required: true)
            ]
        case .submit:
            (panel, style) = (.workflow, .primary)
        case .sendToFactCheck:
            (panel, style) = (.workflow, .primary)
        case .recall, .pullBack, .unspike:
            panel = .workflow
        case .sendBack:
            (panel, summary) = (.workflow, "Send back to the reporter")
            fields = [Field(name: "note", label: "What should change", kind: .text(rows: 3), required: true)]
        case .publish where prefill.embargoed:
            // Publishing an embargoed story again moves its embargo; lifting it is a control of its own.
            (panel, summary, button) = (.workflow, "Move the embargo", "Move embargo")
            fields = [
                Field(name: "at", label: "New embargo time", kind: .time, required: true, value: prefill.publishAt)
            ]
        case .publish:
            (panel, summary, style) = (.workflow, "Publish", .primary)
            fields = [
                Field(
                    name: "at", label: "Embargo until", hint: "leave empty to publish now", kind: .time,
                    value: prefill.publishAt)
            ]
        case .correct:
            (panel, summary) = (.workflow, "Correct")
            fields = [
                Field(
                    name: "kind", label: "Kind",
                    kind: .choice(
                        CorrectionKind.allCases.map {
                            Choice(value: $0.rawValue, label: $0.label, selected: $0 == .correction)
                        })),
                Field(name: "text", label: "Public note", kind: .text(rows: 2), required: true),
                Field(
                    name: "body", label: "Corrected body", hint: "leave as it is to change only the note",
                    kind: .text(rows: 6), value: prefill.body),
            ]
        case .retract:
            (panel, summary, style) = (.workflow, "Retract", .danger)
            fields = [reason("Reason, shown to readers")]
        case .takedown:
            (panel, summary, style) = (.workflow, "Take down", .danger)
            fields = [reason("Legal reason, never shown to readers")]
        case .spike:
            (panel, summary, style) = (.workflow, "Spike", .danger)
            fields = [reason("Reason")]
        case .addClaim:
            panel = .factCheck
            fields = [
                Field(
                    name: "text", label: "Claim", hint: "select a sentence in the story to fill this in, or type it",
                    kind: .text(rows: 2), required: true),
                Field(name: "speaker", label: "Speaker", hint: "optional", kind: .line),
                Field(name: "source", label: "Source", hint: "optional", kind: .line),
            ]
        case .approve:
            (panel, style) = (.factCheck, .primary)
            if !prefill.hasClaims {
                fields = [Field(name: "no_claims", label: "This story makes no claims to check", kind: .check)]
            }
        case .reject:
            (panel, summary, style) = (.factCheck, "Reject", .danger)
            fields = [Field(name: "reasons", label: "Reasons, one a line", kind: .text(rows: 3), required: true)]
        case .recordVerdict:
            (panel, summary) = (.claim, "Rule on this claim")
            fields = [
                Field(
                    name: "rating", label: "Rating",
                    kind: .choice(
                        Rating.allCases.map { Choice(value: $0.rawValue, label: $0.rawValue, selected: false) })),
                Field(name: "note", label: "Note", kind: .text(rows: 2), required: true),
                Field(name: "evidence", label: "Evidence links", hint: "one a line", kind: .text(rows: 2)),
            ]
        case .withdrawClaim:
            (panel, summary) = (.claim, "Withdraw this claim")
            fields = [reason("Why it is no longer checked")]
        case .confirmVerdict:
            panel = .claim
        }
    }
}
