import Mustache

// What the story page and its controls answer its template (see `TemplateView`).

extension StoryPage: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "frame": { $0.frame },
        "id": { $0.id },
        "slug": { $0.slug },
        "text": { $0.text },
        "stage": { $0.stage },
        "stageLabel": { $0.stageLabel },
        "desk": { $0.desk },
        "language": { $0.language },
        "author": { $0.author },
        "assignee": { $0.assignee },
        "version": { $0.version },
        "revision": { $0.revision },
        "updated": { $0.updated },
        "length": { $0.length },
        "unsent": { $0.unsent },
        "hasUnsent": { !$0.unsent.isEmpty },
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
        "variant": { $0.variant },
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
        "checked": { $0.checked },
        "choices": { $0.choices },
    ]
}

extension StoryPage.ClaimView: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "claim": { $0.claim },
        "text": { $0.text },
        "quote": { $0.quote },
        "speaker": { $0.speaker },
        "source": { $0.source },
        "standing": { $0.standing },
        "standingLabel": { $0.standingLabel },
        "verdict": { $0.verdict },
        "withdrawn": { $0.withdrawn },
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

extension StoryPage: WebPageView {
    static let template = "story"
}
