import Editorial
import Foundation
import Galley

/// A story form's post as the command it asks for; `decide` then judges it as it judges the CLI's and the API's.
enum WebCommand {
    /// The command `action` on `article` with the form's input; refused only when the input cannot be read.
    static func make(_ action: Action, form: WebForm, article: Article, time: WebTime) throws -> ArticleCommand {
        switch action {
        case .draft:
            throw GalleyError.invalidInput("a new story is filed from the new-story form")
        case .edit:
            return .edit(change(form, from: article.content))
        case .submit: return .submit
        case .sendBack: return .sendBack(note: form.text("note") ?? "")
        case .recall: return .recall
        case .pullBack: return .pullBack
        case .unspike: return .unspike
        case .sendToFactCheck: return .sendToFactCheck
        case .addClaim:
            return .addClaim(
                Claim(
                    id: nextClaimID(article), text: form.text("text") ?? "",
                    speaker: form.text("speaker"), source: form.text("source")))
        case .recordVerdict:
            guard let rating = form.text("rating").flatMap(Rating.init(rawValue:)) else {
                throw GalleyError.invalidInput("choose a rating: accurate, inaccurate, misleading or unverifiable")
            }
            let evidence = try form.lines("evidence").map { link in
                guard let url = URL(string: link) else {
                    throw GalleyError.invalidInput("evidence: \(TextRule.echo(link)) is no link")
                }
                return url
            }
            return .recordVerdict(
                claimID: try form.required("claim", "the claim"), rating: rating, evidence: evidence,
                note: form.text("note") ?? "")
        case .confirmVerdict: return .confirmVerdict(claimID: try form.required("claim", "the claim"))
        case .withdrawClaim:
            return .withdrawClaim(claimID: try form.required("claim", "the claim"), reason: form.text("reason") ?? "")
        case .approve: return form.isChecked("no_claims") ? .approveWithNoClaims : .approve
        case .reject: return .reject(reasons: form.lines("reasons"))
        case .publish:
            guard let text = form.text("at") else { return .publish(at: nil) }
            guard let moment = time.parse(text) else {
                throw GalleyError.invalidInput(
                    "the embargo time is a date and time such as 2026-12-02T06:00 (\(time.zoneName))")
            }
            return .publish(at: moment)
        case .correct:
            guard let kind = form.text("kind").flatMap(CorrectionKind.init(rawValue:)) else {
                throw GalleyError.invalidInput("choose a correction, a clarification or an editor's note")
            }
            return .correct(kind: kind, text: form.text("text") ?? "", change: change(form, from: article.content))
        case .retract: return .retract(reason: form.text("reason") ?? "")
        case .takedown: return .takedown(reason: form.text("reason") ?? "")
        case .spike: return .spike(reason: form.text("reason") ?? "")
        case .comment: return .comment(form.text("text") ?? "")
        case .assign: return .assign(to: try form.required("user", "the name of the person to assign"))
        }
    }

    /// The content fields the form holds; a field left out of the form changes nothing.
    static func change(_ form: WebForm) -> ContentChange {
        ContentChange(
            headline: form.fields["headline"] == nil ? nil : form.text("headline") ?? "",
            kicker: form.fields["kicker"] == nil ? nil : form.text("kicker") ?? "",
            bylines: form.fields["bylines"] == nil ? nil : form.lines("bylines"),
            body: form.paragraphs("body"),
            desk: form.fields["desk"] == nil ? nil : form.text("desk") ?? "",
            photoCaption: form.fields["caption"] == nil ? nil : form.text("caption") ?? "")
    }

    /// The form's change less what it leaves as `content` has it: the log records only what the person changed.
    static func change(_ form: WebForm, from content: ArticleContent?) -> ContentChange {
        var change = change(form).trimmed
        guard let content else { return change }
        if change.headline == content.headline { change.headline = nil }
        if change.kicker == (content.kicker ?? "") { change.kicker = nil }
        if change.bylines == content.bylines { change.bylines = nil }
        if change.body == content.body { change.body = nil }
        if change.desk == content.desk { change.desk = nil }
        if change.photoCaption == (content.photoCaption ?? "") { change.photoCaption = nil }
        return change
    }

    /// An edit made on `loaded` brought onto `now`: each field the person changed keeps their text, each they
    /// left as loaded takes what it is now.
    static func merge(_ change: ContentChange, loaded: ArticleContent, now: ArticleContent) -> ContentChange {
        func pick<T: Equatable>(_ mine: T?, _ then: T, _ theirs: T) -> T {
            mine.map { $0 == then ? theirs : $0 } ?? theirs
        }
        let change = change.trimmed
        return ContentChange(
            headline: pick(change.headline, loaded.headline, now.headline),
            kicker: pick(change.kicker, loaded.kicker ?? "", now.kicker ?? ""),
            bylines: pick(change.bylines, loaded.bylines, now.bylines), body: pick(change.body, loaded.body, now.body),
            desk: pick(change.desk, loaded.desk, now.desk),
            photoCaption: pick(change.photoCaption, loaded.photoCaption ?? "", now.photoCaption ?? ""))
    }

    /// The first of c1, c2, ... that the story has not used.
    private static func nextClaimID(_ article: Article) -> String {
        let used = Set(article.claims.map(\.id))
        return (1...).lazy.map { "c\($0)" }.first { !used.contains($0) }!
    }
}
