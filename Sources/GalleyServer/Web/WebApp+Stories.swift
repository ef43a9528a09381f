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

    func draft(_ request: Request, _ session: WebSession, _ form: WebForm) async throws -> Response {
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
            return done(
                WebNotice(story: handled.articleID, version: handled.version), to: "/stories/\(handled.articleID)",
                session: session, request: request)
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
        let notice = WebNotice(cookie: request.cookies[WebNotice.cookie]?.value, session: session)
        if let notice, notice.story == id { frame.notice = done(notice, in: story) }
        var commentsBefore: Int?
        if let text = request.uri.queryParameters["comments_before"] {
            guard let value = Int(String(text)), value >= 0 else {
                throw GalleyError.invalidInput(
                    "comments_before is a whole number: how many comments come before the page")
            }
            commentsBefore = value
        }
        var page = StoryPage(
            story, frame: frame, user: session.user, time: time, commentsBefore: commentsBefore,
            people: await people())
        page.position = max(projections.progress.seen, story.events.last?.position ?? 0)
        var response = templates.response(page)
        if notice?.story == id { clearNotice(&response, request: request) }
        return response
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
            // A move made on the board goes back to the board, where it was; every other form to its story.
            let back = form.text("back").map { RedirectTarget.path($0) } ?? "/stories/\(id)\(anchor)"
            return done(
                WebNotice(story: id, version: handled.version), to: back, session: session, request: request)
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
                edit = StoryPage.EditForm(change, version: now.article.version)
            }
            var response = await storyAgain(
                now, session: session,
                message: conflict == nil
                    ? "\(action.label): \(problem.detail)"
                    : "Someone else changed this story while you were editing; their changes are listed. The form "
                        + "holds your text where you changed it and theirs elsewhere: save again to keep it.",
                failure: StoryPage.Failure(
                    action: action, claim: form.text("claim"),
                    // One wording for a conflict: the banner's, beside the form too, not the API's.
                    message: conflict == nil ? problem.detail : "Not saved yet: check their changes, then save again.",
                    typed: form),
                edit: edit, conflict: conflict, status: problem.status)
            response.headers.append(contentsOf: problem.headers)
            return response
        }
    }

    /// The story page again after a form did not go through, with `message` first and the form as typed.
    func storyAgain(
        _ story: Story, session: WebSession, message: String, failure: StoryPage.Failure,
        edit: StoryPage.EditForm?, conflict: StoryPage.Conflict? = nil, status: HTTPResponse.Status
    ) async -> Response {
        var frame = frame(story.article.content?.headline ?? story.id, session)
        frame.error = message
        var page = StoryPage(
            story, frame: frame, user: session.user, time: time, failure: failure, edit: edit, conflict: conflict,
            people: await people())
        page.position = max(projections.progress.seen, story.events.last?.position ?? 0)
        return templates.response(page, status: status)
    }

    /// Everyone who may be picked for a story: a page of users, or none when they cannot be read now (the page
    /// then asks for a name to be typed).
    func people() async -> [User] {
        (try? await newsroom.users.list().items) ?? []
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
