import Crypto
import Editorial
import EventStore
import Foundation
import Galley
import HTTPTypes
import Hummingbird

/// A story: the new-story form and its draft, the story page, and every action posted from it.
extension WebApp {
    func newStory(_ session: WebSession, form: WebForm?, error: String?, status: HTTPResponse.Status = .ok)
        -> Response
    {
        var frame = frame("New story", session, current: "new")
        frame.error = error
        let page = NewStoryPage(
            frame: frame, headline: form?.text("headline") ?? "", kicker: form?.text("kicker") ?? "",
            bylines: form?.fields["bylines"]?.first ?? session.user.byline, desk: form?.text("desk") ?? "",
            slug: form?.text("slug") ?? "", body: form?.fields["body"]?.first ?? "",
            caption: form?.text("caption") ?? "", formKey: Self.draftKey(form).uuidString.lowercased())
        return templates.response(page, status: status)
    }

    /// The new-story form's one-time key: the one it was sent with, or a new one for a new form.
    static func draftKey(_ form: WebForm?) -> UUID {
        form?.text("form_key").flatMap(UUID.init(uuidString:)) ?? UUID()
    }

    func draft(_ session: WebSession, _ form: WebForm) async throws -> Response {
        let draft = DraftRequest(
            headline: form.text("headline") ?? "", kicker: form.text("kicker"), bylines: form.lines("bylines"),
            body: form.paragraphs("body") ?? [], slug: form.text("slug"), desk: form.text("desk"),
            photoCaption: form.text("caption"))
        // The form's one-time key is the draft's command id: sent twice (a double click, a reload), it files one
        // story, and the second answer is the first's.
        let key = Self.draftKey(form)
        // The key comes from the page: it answers as the first time only for the person it was first sent by.
        let sender = "new-story form of \(session.user.name)"
        do {
            try commandRate.admit(session.user.name)
            let handled = try await newsroom.draft(
                draft, by: session.user, id: DraftRequest.id(for: key), commandID: key, requestDigest: sender)
            guard !handled.isReplay || handled.requestDigest == sender else {
                throw GalleyError.invalidInput("this form was already used; open a new story form and try again")
            }
            projections.progress.saw(handled.positions.max() ?? 0)
            return Self.redirect("/stories/\(handled.articleID)?done=\(handled.version)")
        } catch {
            let problem = Problem(error)
            guard problem.status.code < 500 else { throw error }
            var response = newStory(session, form: form, error: problem.detail, status: problem.status)
            response.headers.append(contentsOf: problem.headers)
            return response
        }
    }

    func story(_ request: Request, _ context: GalleyRequestContext, _ session: WebSession) async throws
        -> Response
    {
        let story = try await newsroom.story(named: try context.parameters.require("id"))
        let id = story.id
        var frame = frame(story.article.content?.headline ?? id, session)
        if let done = request.uri.queryParameters["done"].flatMap({ Int64(String($0)) }),
            let event = story.events.first(where: { $0.version == done }),
            let summary = try? ArticleEvent.decode(event).summary
        {
            frame.notice = "Done: \(summary) (version \(done))."
        }
        var commentsBefore: Int?
        if let text = request.uri.queryParameters["comments_before"] {
            guard let value = Int(String(text)), value >= 0 else {
                throw GalleyError.invalidInput(
                    "comments_before is a whole number: how many comments come before the page")
            }
            commentsBefore = value
        }
        var page = StoryPage(story, frame: frame, user: session.user, time: time, commentsBefore: commentsBefore)
        page.position = max(projections.progress.seen, story.events.last?.position ?? 0)
        return templates.response(page)
    }

    /// A story form's post: the command it asks for, decided and appended; a refusal shows the page again with
    /// the rule's words beside the control, and the user's text kept.
    func act(_ request: Request, _ context: GalleyRequestContext, _ session: WebSession, _ form: WebForm)
        async throws -> Response
    {
        guard let action = Action(rawValue: try context.parameters.require("action")), action != .draft else {
            throw GalleyError.notFound("there is no such thing to do with a story")
        }
        let story = try await newsroom.story(named: try context.parameters.require("id"))
        let id = story.id
        let loaded = form.text("version").flatMap { Int64($0) }
        do {
            try commandRate.admit(session.user.name)
            let command = try WebCommand.make(action, form: form, article: story.article, time: time)
            let handled = try await newsroom.perform(
                command, on: id, by: session.user, expectedVersion: action == .edit ? loaded : nil)
            projections.progress.saw(handled.positions.max() ?? 0)
            let anchor = [.addClaim, .recordVerdict, .confirmVerdict, .withdrawClaim].contains(action) ? "#claims" : ""
            return Self.redirect("/stories/\(id)?done=\(handled.version)\(anchor)")
        } catch {
            let problem = Problem(error)
            guard problem.status.code < 500 else { throw error }
            let now = try await newsroom.story(id)
            var edit: StoryPage.EditForm?
            var conflict: StoryPage.Conflict?
            if action == .edit {
                var change = WebCommand.change(form)
                if case .conflict = GalleyError.classify(error), let loaded {
                    let then = try await newsroom.story(id, through: max(1, min(loaded, now.article.version)))
                    conflict = Self.conflict(then: then, now: now, loaded: loaded)
                    // A field the person left as they loaded it takes the others' change; what they typed stays.
                    if let old = then.article.content, let new = now.article.content {
                        change = WebCommand.merge(change, loaded: old, now: new)
                    }
                }
                edit = StoryPage.EditForm(
                    headline: change.headline ?? "", kicker: change.kicker ?? "",
                    bylines: (change.bylines ?? []).joined(separator: "\n"), desk: change.desk ?? "",
                    caption: change.photoCaption ?? "",
                    body: (change.body ?? []).joined(separator: "\n\n"), version: now.article.version)
            }
            var frame = frame(now.article.content?.headline ?? id, session)
            frame.error =
                conflict == nil
                ? "\(action.label): \(problem.detail)"
                : "Someone else changed this story while you were editing; their changes are listed. The form "
                    + "holds your text where you changed it and theirs elsewhere: save again to keep it."
            var page = StoryPage(
                now, frame: frame, user: session.user, time: time,
                failure: (action, form.text("claim"), problem.detail), edit: edit,
                conflict: conflict)
            page.position = max(projections.progress.seen, now.events.last?.position ?? 0)
            var response = templates.response(page, status: problem.status)
            response.headers.append(contentsOf: problem.headers)
            return response
        }
    }

    /// What changed between the version an editor loaded and the story now, and who changed it.
    static func conflict(then: Story, now: Story, loaded: Int64) -> StoryPage.Conflict {
        let editors = Set(now.events.filter { $0.version > loaded }.compactMap { try? $0.actor() }).sorted()
        var changes: [StoryPage.FieldChange] = []
        if let old = then.article.content, let new = now.article.content {
            changes = DiffPage.changes(RevisionDiff(from: then.article.revision, old, to: now.article.revision, new))
        }
        return StoryPage.Conflict(
            loaded: loaded, now: now.article.version, by: editors.joined(separator: ", "), changes: changes)
    }
}
