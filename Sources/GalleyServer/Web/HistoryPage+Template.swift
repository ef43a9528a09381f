import Mustache

// What the history and diff pages answer their templates (see `TemplateView`).

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
        "linksProofs": { $0.linksProofs },
    ]
}

extension HistoryPage.Snapshot: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "version": { $0.version },
        "at": { $0.at },
        "stage": { $0.stage },
        "revision": { $0.revision },
        "text": { $0.text },
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

extension HistoryPage: WebPageView {
    static let template = "history"
}

extension DiffPage: WebPageView {
    static let template = "diff"
}
