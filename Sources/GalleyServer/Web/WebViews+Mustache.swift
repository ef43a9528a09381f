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
        "onSchedule": { $0.onSchedule },
        "maxBody": { $0.maxBody },
        "tooLong": { $0.tooLong },
        "onInbox": { $0.onInbox },
        "onPeople": { $0.onPeople },
        "onSubscribers": { $0.onSubscribers },
    ]
}

extension UserView: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "name": { $0.name },
        "byline": { $0.byline },
        "roles": { $0.roles },
        "canDraft": { $0.canDraft },
        "isAdmin": { $0.isAdmin },
    ]
}

extension BoardPage: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "frame": { $0.frame },
        "desks": { $0.desks },
        "people": { $0.people },
        "assignees": { $0.assignees },
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
        "releases": { $0.releases },
        "releasesAt": { $0.releasesAt },
        "words": { $0.words },
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
        "back": { $0.back },
        "list": { $0.list },
    ]
}

extension BoardPage.People: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "id": { $0.id },
        "names": { $0.names },
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

extension LoginPage: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "frame": { $0.frame },
        "name": { $0.name },
        "next": { $0.next },
        "token": { $0.token },
        "resumeTo": { $0.resumeTo },
        "resume": { $0.resume },
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
        "text": { $0.text },
        "publicAt": { $0.publicAt },
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
        "desks": { $0.desks },
        "hits": { $0.hits },
        "more": { $0.more },
        "count": { $0.count },
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
        "formKey": { $0.formKey },
    ]
}

extension BoardPage: WebPageView {
    static let template = "board"
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
