import Editorial
import EventStore
import Foundation
import Galley

/// The story page: the story as it stands, the fact-check panel, and a control for each action the domain
/// offers this user, with the rule's words beside one that a rule refuses now.
struct StoryPage {
    /// The controls the person is offered, by panel (see `ActionForm.Panel`); a panel shows only when it
    /// holds one, so what a panel shows and whether it shows cannot disagree.
    struct Controls {
        /// The edit form's standing (the form itself is the template's).
        var edit: ControlView?
        var comments: [ControlView] = []
        var story: [ControlView] = []
        var workflow: [ControlView] = []
        var factCheck: [ControlView] = []
        var hasWorkflow: Bool { !workflow.isEmpty }
        var hasFactCheck: Bool { !factCheck.isEmpty }
    }

    struct ClaimView {
        /// The claim's id (named so that `id` in its template still names the story).
        var claim: String
        var text: String
        /// Whether the page sets the words in its quotation marks: not when they open with one of their own.
        var quote: Bool
        var speaker: String?
        var source: String?
        var standing: String
        var standingLabel: String
        var verdict: VerdictView?
        var withdrawn: Note?
        /// What the person may do to this claim: rule on it, withdraw it, confirm its verdict.
        var controls: [ControlView] = []
    }

    struct VerdictView {
        var rating: String
        var note: String
        var evidence: [String]
        var by: String
        var at: String
        var revision: String
        var confirmed: String?
    }

    /// What the edit form holds: the story as loaded, or the user's own text kept after a conflict.
    struct EditForm {
        var headline: String
        var kicker: String
        var bylines: String
        var desk: String
        var caption: String
        var body: String
        var version: Int64
    }

    /// A try of an action that did not go through: which control, why, and the form as the person filled it in,
    /// which the control shows again as typed.
    struct Failure {
        var action: Action
        var claim: String?
        var message: String
        var typed: WebForm?
    }

    /// Someone else's change that landed while the user edited.
    struct Conflict {
        var loaded: Int64
        var now: Int64
        var by: String
        var changes: [FieldChange]
    }

    struct FieldChange {
        var field: String
        var old: String
        var new: String
        var words: [Segment]
    }

    var frame: Frame
    var id: String
    var slug: String
    var text: StoryText
    var stage: String
    var stageLabel: String
    var desk: String
    var language: String
    var author: String?
    var assignee: String?
    var version: Int64
    var revision: Int
    var updated: String
    /// How long the body is, in words, characters and minutes to read.
    var length: String
    var publicAt: String?
    var embargoed: Bool
    var closingReason: String?
    var openNote: Note?
    var corrections: [Note]
    /// The page of comments shown: the latest `commentsPerPage`, or those before `comments_before`.
    var comments: [Note]
    /// The page of comments before these, with how many there are, when there are any.
    var earlierComments: String?
    var earlierCount = 0
    /// Back to the latest comments, when an earlier page is shown.
    var latestComments: String?
    var claims: [ClaimView]
    var proposed: [ClaimView]
    var signOff: String?
    var controls: Controls
    var edit: EditForm
    var conflict: Conflict?
    /// What a person typed into a form whose control the page no longer offers (the story moved on in another
    /// tab): shown to copy, since there is no form to put it back in.
    var unsent: [Note] = []
    /// The log position the page shows, from which the page hears of later changes.
    var position: Int64 = 0

    /// Comments a page shows at most, so that a page's size does not grow with a story's comments.
    static let commentsPerPage = 20

    /// The page for `story` as `user` sees it now; `failure` puts a refused try's message beside its control;
    /// `commentsBefore` shows the comments before that many, not the latest.
    init(
        _ story: Story, frame: Frame, user: User, time: WebTime, now: Date = Date(),
        failure: Failure? = nil, edit: EditForm? = nil,
        conflict: Conflict? = nil,
        commentsBefore: Int? = nil, people: [User] = []
    ) {
        let view = StoryView(story)
        let article = story.article
        self.frame = frame
        id = story.id
        slug = view.slug
        text = StoryText(view)
        stage = view.stage
        stageLabel = (article.stage ?? .draft).label
        embargoed = article.isEmbargoed(at: now)
        if embargoed { stageLabel = "Embargoed" }
        desk = view.desk
        language = view.language
        author = view.author
        assignee = view.assignee
        version = view.version
        revision = view.revision
        updated = view.updatedAt.map(time.format) ?? ""
        length = view.length.summary
        publicAt = view.publicAt.map(time.format)
        closingReason = view.closingReason
        openNote = view.openNote.map {
            Note(
                kind: $0.kind == .sentBack ? "Sent back" : "Rejected by fact-check",
                text: $0.lines.joined(separator: "\n"), by: $0.by, at: $0.at.map(time.format) ?? "")
        }
        corrections = view.corrections.map { Note($0, time: time) }
        let end = min(max(commentsBefore ?? view.comments.count, 0), view.comments.count)
        let start = max(0, end - Self.commentsPerPage)
        // A comment's time is its event's: the n-th comment is the n-th comment event of the stream.
        let commented = story.events.filter { $0.type == ArticleEventKind.commented.rawValue }.map(\.recordedAt)
        comments = (start..<end).map { index in
            let comment = view.comments[index]
            let when = index < commented.count ? time.format(commented[index]) + ", " : ""
            return Note(
                kind: "Comment", text: comment.text, by: comment.by, at: "\(when)on revision \(comment.revision)")
        }
        if start > 0 {
            earlierComments = "/stories/\(story.id)?comments_before=\(start)#comments-title"
            earlierCount = start
        }
        if end < view.comments.count { latestComments = "/stories/\(story.id)#comments-title" }
        signOff = view.signOff.map { "Signed off by \($0.by) on revision \($0.revision), \(time.format($0.at))" }
        self.edit =
            edit
            ?? EditForm(
                headline: view.headline, kicker: view.kicker ?? "", bylines: view.bylines.joined(separator: "\n"),
                desk: view.desk, caption: view.photoCaption ?? "", body: view.body.joined(separator: "\n\n"),
                version: view.version)
        self.conflict = conflict
        let context = CommandContext(actor: user.name, roles: user.roles, now: now)
        let prefill = ActionForm.Prefill(
            publishAt: view.publicAt.map(time.local) ?? "", body: self.edit.body, hasClaims: !article.checklist.isEmpty,
            embargoed: embargoed,
            people: Self.assignable(people, article: article, now: now))
        // Each action's form, made once; its panel says where it goes.
        var forms = Action.allCases.map { ActionForm($0, prefill: prefill) }
        if embargoed { forms.append(.liftEmbargo) }
        func control(_ form: ActionForm, claim: String? = nil) -> ControlView? {
            let refused: String?
            switch article.availability(of: form.action, claim: claim, context: context) {
            case .unavailable: return nil
            case .available: refused = nil
            case .refused(let message): refused = message
            }
            let failed = failure.flatMap { failure in
                failure.action == form.action && failure.claim == claim
                    && failure.typed?.text("variant") == form.variant ? failure : nil
            }
            return ControlView(
                form, story: story.id, claim: claim, frame: frame, refused: refused, error: failed?.message,
                typed: failed?.typed)
        }
        controls = Controls()
        for form in forms where form.panel != .claim && form.panel != .newStory {
            guard let view = control(form) else { continue }
            switch form.panel {
            case .edit: controls.edit = view
            case .claim, .newStory: break
            case .comments: controls.comments.append(view)
            case .story: controls.story.append(view)
            case .workflow: controls.workflow.append(view)
            case .factCheck: controls.factCheck.append(view)
            }
        }
        if let failure, let typed = failure.typed, failure.action != .edit,
            let form = forms.first(where: { $0.action == failure.action && $0.variant == typed.text("variant") }),
            control(form, claim: failure.claim) == nil
        {
            unsent = form.fields.compactMap { field in
                typed.text(field.name).map { Note(kind: field.label, text: $0, by: "", at: "") }
            }
        }
        let claimForms = forms.filter { $0.panel == .claim }
        claims = view.claims.map { claim in
            let standing = view.standing(of: claim)
            var shown = Self.claim(claim, standing: standing, time: time)
            if claim.withdrawal == nil {
                shown.controls = claimForms.compactMap { form in
                    // A verdict is confirmed only where it was made on an earlier revision.
                    form.action == .confirmVerdict && standing != .outdated ? nil : control(form, claim: claim.id)
                }
            }
            return shown
        }
        proposed = (view.proposedClaims ?? []).map { Self.claim($0, standing: .open, time: time) }
    }

    /// The people an assignment picker offers: those with work to do on the story as it stands, the assignee
    /// selected (and kept even when they have none).
    static func assignable(_ people: [User], article: Article, now: Date) -> [Choice] {
        // The rules look at who a person is only as the story's author or last editor; everyone else with the
        // same roles is asked of `decide` once.
        let named = Set([article.author, article.lastEditor].compactMap { $0 })
        var byRoles: [Set<Role>: Bool] = [:]
        let fitting = people.filter { person in
            guard !person.disabled else { return false }
            if person.name == article.assignee { return true }
            let context = CommandContext(actor: person.name, roles: person.roles, now: now)
            if named.contains(person.name) { return article.hasWork(for: context) }
            if let known = byRoles[person.roles] { return known }
            let fits = article.hasWork(for: context)
            byRoles[person.roles] = fits
            return fits
        }
        guard !fitting.isEmpty else { return [] }
        return [Choice(value: "", label: "Choose a person", selected: article.assignee == nil)]
            + fitting.map { person in
                Choice(
                    value: person.name, label: "\(person.name) (\(UserView(person).roles))",
                    selected: person.name == article.assignee)
            }
    }

    static let quotationMarks: Set<Character> = ["\"", "“", "”", "„", "«", "»", "‘", "’", "'", "‹", "›", "「", "」"]

    /// A claim's words without the quotation marks around the whole of them: the page sets them in its own.
    static func unquoted(_ text: String) -> String {
        guard text.count > 2, let first = text.first, let last = text.last, quotationMarks.contains(first),
            quotationMarks.contains(last)
        else { return text }
        return String(text.dropFirst().dropLast())
    }

    static func claim(_ claim: Claim, standing: ClaimStanding, time: WebTime) -> ClaimView {
        ClaimView(
            claim: claim.id, text: Self.unquoted(claim.text),
            quote: !(Self.unquoted(claim.text).first.map(Self.quotationMarks.contains) ?? false),
            speaker: claim.speaker,
            source: claim.source,
            standing: standing.rawValue,
            standingLabel: standing.label,
            verdict: claim.verdict.map { verdict in
                VerdictView(
                    rating: verdict.rating.rawValue, note: verdict.note,
                    evidence: verdict.evidence.map(\.absoluteString),
                    by: verdict.by, at: time.format(verdict.at),
                    revision: verdict.revision.map { "revision \($0)" } ?? "an earlier revision",
                    confirmed: verdict.confirmedBy.map { by in
                        "confirmed by \(by)" + (verdict.confirmedAt.map { ", " + time.format($0) } ?? "")
                    })
            },
            withdrawn: claim.withdrawal.map {
                Note(kind: "Withdrawn", text: $0.reason, by: $0.by, at: time.format($0.at))
            })
    }
}

extension ClaimStanding {
    /// How the panel names where a claim stands.
    var label: String {
        switch self {
        case .open: "needs a verdict"
        case .current: "ruled on the current text"
        case .outdated: "ruled on an earlier revision: confirm or rule again"
        case .textMissing: "its words are no longer in the story"
        case .withdrawn: "withdrawn"
        }
    }
}

extension CorrectionKind {
    /// How a public note names its kind.
    var label: String {
        switch self {
        case .correction: "Correction"
        case .clarification: "Clarification"
        case .editorsNote: "Editor's note"
        }
    }
}

extension StoryPage.EditForm {
    /// The edit form holding `change` (fields it leaves out are empty), for a story at `version`.
    init(_ change: ContentChange, version: Int64) {
        self.init(
            headline: change.headline ?? "", kicker: change.kicker ?? "",
            bylines: (change.bylines ?? []).joined(separator: "\n"), desk: change.desk ?? "",
            caption: change.photoCaption ?? "", body: (change.body ?? []).joined(separator: "\n\n"), version: version)
    }

    /// The edit form as it was sent, with the version it was loaded at (or `version` when it says none), so that
    /// saving it again is checked against what changed since.
    init(_ form: WebForm, version: Int64) {
        self.init(WebCommand.change(form), version: form.text("version").flatMap { Int64($0) } ?? version)
    }
}
