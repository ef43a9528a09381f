import Mustache

// The views answer the templates' look-ups from a table of their keys: the templates' default, reflection, made
// the board a few times slower than the JSON it shows (scripts/bench web), and a table, unlike a switch, can be
// listed, so that a test holds every key a template uses to a view that answers it (WebTemplateKeyTests).

/// A view a template renders, answering its look-ups from `templateKeys`.
protocol TemplateView: MustacheParent {
    /// Each key the view answers, with how.
    static var templateKeys: [String: @Sendable (Self) -> Any?] { get }
    /// The keys alone, which a list of view types can be asked for.
    static var templateKeyNames: Set<String> { get }
}

extension TemplateView {
    func child(named name: String) -> Any? { Self.templateKeys[name]?(self) }

    static var templateKeyNames: Set<String> { Set(templateKeys.keys) }
}

extension Frame: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "title": { $0.title },
        "user": { $0.user },
        "csrf": { $0.csrf },
        "notice": { $0.notice },
        "error": { $0.error },
        "zone": { $0.zone },
        "onBoard": { $0.onBoard },
        "onSearch": { $0.onSearch },
        "onPublic": { $0.onPublic },
        "onNew": { $0.onNew },
    ]
}

extension UserView: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "name": { $0.name },
        "byline": { $0.byline },
        "roles": { $0.roles },
        "canDraft": { $0.canDraft },
    ]
}

extension BoardPage: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "frame": { $0.frame },
        "deskFilter": { $0.deskFilter },
        "assigneeFilter": { $0.assigneeFilter },
        "mine": { $0.mine },
        "filtered": { $0.filtered },
        "recentHours": { $0.recentHours },
        "columns": { $0.columns },
        "position": { $0.position },
    ]
}

extension BoardPage.Column: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "name": { $0.name },
        "title": { $0.title },
        "count": { $0.count },
        "cards": { $0.cards },
        "more": { $0.more },
    ]
}

extension BoardPage.Card: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "id": { $0.id },
        "slug": { $0.slug },
        "headline": { $0.headline },
        "desk": { $0.desk },
        "assignee": { $0.assignee },
        "author": { $0.author },
        "inStage": { $0.inStage },
        "stageSince": { $0.stageSince },
        "openNote": { $0.openNote },
        "moves": { $0.moves },
    ]
}

extension BoardPage.Move: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "id": { $0.id },
        "action": { $0.action },
        "label": { $0.label },
        "to": { $0.to },
        "note": { $0.note },
        "noteField": { $0.noteField },
        "needsTime": { $0.needsTime },
        "needsNote": { $0.needsNote },
        "plain": { $0.plain },
        "csrf": { $0.csrf },
        "zone": { $0.zone },
    ]
}

extension Segment: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "text": { $0.text },
        "added": { $0.added },
        "removed": { $0.removed },
        "mark": { $0.mark },
        "plain": { $0.plain },
    ]
}

extension Note: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "kind": { $0.kind },
        "text": { $0.text },
        "by": { $0.by },
        "at": { $0.at },
    ]
}

extension Choice: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "value": { $0.value },
        "label": { $0.label },
        "selected": { $0.selected },
    ]
}

extension StoryPage: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "frame": { $0.frame },
        "id": { $0.id },
        "slug": { $0.slug },
        "headline": { $0.headline },
        "kicker": { $0.kicker },
        "bylines": { $0.bylines },
        "body": { $0.body },
        "stage": { $0.stage },
        "stageLabel": { $0.stageLabel },
        "desk": { $0.desk },
        "language": { $0.language },
        "caption": { $0.caption },
        "author": { $0.author },
        "assignee": { $0.assignee },
        "version": { $0.version },
        "revision": { $0.revision },
        "updated": { $0.updated },
        "publicAt": { $0.publicAt },
        "embargoed": { $0.embargoed },
        "closingReason": { $0.closingReason },
        "openNote": { $0.openNote },
        "corrections": { $0.corrections },
        "comments": { $0.comments },
        "earlierComments": { $0.earlierComments },
        "earlierCount": { $0.earlierCount },
        "latestComments": { $0.latestComments },
        "claims": { $0.claims },
        "proposed": { $0.proposed },
        "signOff": { $0.signOff },
        "controls": { $0.controls },
        "edit": { $0.edit },
        "conflict": { $0.conflict },
        "position": { $0.position },
    ]
}

extension StoryPage.Controls: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "edit": { $0.edit },
        "comments": { $0.comments },
        "story": { $0.story },
        "workflow": { $0.workflow },
        "hasWorkflow": { $0.hasWorkflow },
        "factCheck": { $0.factCheck },
        "hasFactCheck": { $0.hasFactCheck },
    ]
}

extension ControlView: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "story": { $0.story },
        "action": { $0.action },
        "id": { $0.id },
        "claim": { $0.claim },
        "summary": { $0.summary },
        "label": { $0.label },
        "style": { $0.style },
        "fields": { $0.fields },
        "csrf": { $0.csrf },
        "refused": { $0.refused },
        "error": { $0.error },
        "disabled": { $0.disabled },
    ]
}

extension ControlView.FieldView: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "id": { $0.id },
        "name": { $0.name },
        "label": { $0.label },
        "hint": { $0.hint },
        "value": { $0.value },
        "required": { $0.required },
        "rows": { $0.rows },
        "isText": { $0.isText },
        "isLine": { $0.isLine },
        "isTime": { $0.isTime },
        "isChoice": { $0.isChoice },
        "isCheck": { $0.isCheck },
        "choices": { $0.choices },
    ]
}

extension StoryPage.ClaimView: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "claim": { $0.claim },
        "text": { $0.text },
        "speaker": { $0.speaker },
        "source": { $0.source },
        "standing": { $0.standing },
        "standingLabel": { $0.standingLabel },
        "verdict": { $0.verdict },
        "withdrawn": { $0.withdrawn },
        "outdated": { $0.outdated },
        "controls": { $0.controls },
    ]
}

extension StoryPage.VerdictView: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "rating": { $0.rating },
        "note": { $0.note },
        "evidence": { $0.evidence },
        "by": { $0.by },
        "at": { $0.at },
        "revision": { $0.revision },
        "confirmed": { $0.confirmed },
    ]
}

extension StoryPage.EditForm: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "headline": { $0.headline },
        "kicker": { $0.kicker },
        "bylines": { $0.bylines },
        "desk": { $0.desk },
        "caption": { $0.caption },
        "body": { $0.body },
        "version": { $0.version },
    ]
}

extension HistoryPage.Event: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "position": { $0.position },
        "version": { $0.version },
        "type": { $0.type },
        "summary": { $0.summary },
        "actor": { $0.actor },
        "at": { $0.at },
        "hash": { $0.hash },
        "shortHash": { $0.shortHash },
        "shown": { $0.shown },
    ]
}

extension DiffPage: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "frame": { $0.frame },
        "id": { $0.id },
        "headline": { $0.headline },
        "from": { $0.from },
        "to": { $0.to },
        "fromChoices": { $0.fromChoices },
        "toChoices": { $0.toChoices },
        "headlineWords": { $0.headlineWords },
        "bodyWords": { $0.bodyWords },
        "fields": { $0.fields },
        "same": { $0.same },
    ]
}

extension HistoryPage: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "frame": { $0.frame },
        "id": { $0.id },
        "slug": { $0.slug },
        "headline": { $0.headline },
        "events": { $0.events },
        "shown": { $0.shown },
        "latest": { $0.latest },
        "previous": { $0.previous },
        "next": { $0.next },
        "verification": { $0.verification },
        "fromRevisions": { $0.fromRevisions },
        "toRevisions": { $0.toRevisions },
    ]
}

extension HistoryPage.Snapshot: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "version": { $0.version },
        "at": { $0.at },
        "stage": { $0.stage },
        "revision": { $0.revision },
        "headline": { $0.headline },
        "kicker": { $0.kicker },
        "bylines": { $0.bylines },
        "body": { $0.body },
        "claims": { $0.claims },
    ]
}

extension HistoryPage.Verification: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "holds": { $0.holds },
        "summary": { $0.summary },
        "broken": { $0.broken },
    ]
}

extension LoginPage: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "frame": { $0.frame },
        "name": { $0.name },
        "next": { $0.next },
        "token": { $0.token },
    ]
}

extension MessagePage: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "frame": { $0.frame },
        "heading": { $0.heading },
        "message": { $0.message },
    ]
}

extension PublicPage: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "frame": { $0.frame },
        "stories": { $0.stories },
        "more": { $0.more },
    ]
}

extension PublicPage.Story: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "id": { $0.id },
        "headline": { $0.headline },
        "kicker": { $0.kicker },
        "bylines": { $0.bylines },
        "publicAt": { $0.publicAt },
        "body": { $0.body },
        "corrections": { $0.corrections },
        "retracted": { $0.retracted },
        "retraction": { $0.retraction },
    ]
}

extension SearchPage: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "frame": { $0.frame },
        "query": { $0.query },
        "stages": { $0.stages },
        "desk": { $0.desk },
        "hits": { $0.hits },
        "searched": { $0.searched },
        "more": { $0.more },
        "none": { $0.none },
    ]
}

extension SearchPage.Hit: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "id": { $0.id },
        "slug": { $0.slug },
        "headline": { $0.headline },
        "stage": { $0.stage },
        "desk": { $0.desk },
        "updated": { $0.updated },
        "snippet": { $0.snippet },
    ]
}

extension StoryPage.Conflict: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "loaded": { $0.loaded },
        "now": { $0.now },
        "by": { $0.by },
        "changes": { $0.changes },
    ]
}

extension StoryPage.FieldChange: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "field": { $0.field },
        "old": { $0.old },
        "new": { $0.new },
        "words": { $0.words },
    ]
}

extension NewStoryPage: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "frame": { $0.frame },
        "headline": { $0.headline },
        "kicker": { $0.kicker },
        "bylines": { $0.bylines },
        "desk": { $0.desk },
        "slug": { $0.slug },
        "body": { $0.body },
        "caption": { $0.caption },
    ]
}

extension BoardPage: WebPageView {
    static let template = "board"
}

extension StoryPage: WebPageView {
    static let template = "story"
}

extension HistoryPage: WebPageView {
    static let template = "history"
}

extension DiffPage: WebPageView {
    static let template = "diff"
}

extension SearchPage: WebPageView {
    static let template = "search"
}

extension PublicPage: WebPageView {
    static let template = "public"
}

extension LoginPage: WebPageView {
    static let template = "login"
}

extension MessagePage: WebPageView {
    static let template = "message"
}

extension NewStoryPage: WebPageView {
    static let template = "new"
}
