import Coding
import Crypto
import Editorial
import EventStore
import Foundation
import Galley
import HTTPTypes
import Hummingbird

/// The lists: the board with its cards and moves, search, and the public record.
extension WebApp {
    func board(_ request: Request, _ session: WebSession) async throws -> Response {
        let query = request.uri.queryParameters
        let desk = query["desk"].map { TextRule.trimmed(String($0)) } ?? ""
        let mine = query["mine"] != nil
        let assignee = query["assignee"].map { TextRule.trimmed(String($0)) } ?? ""
        for value in [desk, assignee] {
            if let problem = TextRule.problem(value, field: "a filter", maxLength: 200) {
                throw GalleyError.invalidInput(problem)
            }
        }
        var cursors: [String: String] = [:]
        if let column = query["column"], let after = query["after"] { cursors[String(column)] = String(after) }
        let (readModels, _) = try await projections.current(readModels, timeout: readWait)
        let seen = projections.progress.seen
        let position = seen > 0 ? seen : try await newsroom.store.head()
        let columns = try await readModels.board(
            recent: recentWindow, limit: 20, after: cursors, desk: desk.isEmpty ? nil : desk,
            assignee: assignee.isEmpty ? nil : assignee, mine: mine ? session.user.name : nil)
        let context = newsroom.context(for: session.user)
        var moves: [MoveKey: [BoardPage.Move]] = [:]
        let filters = [("desk", desk), ("assignee", assignee), ("mine", mine ? "1" : "")].filter { !$0.1.isEmpty }
        var frame = frame("Board", session, current: "board")
        let notice = WebNotice(cookie: request.cookies[WebNotice.cookie]?.value, session: session)
        if let notice, let story = try? await newsroom.story(notice.story) {
            frame.notice = done(notice, in: story).map { "\($0) \(story.article.content?.headline ?? "")" }
        }
        let here = Self.pathAndQuery(request)
        let users = await people()
        let page = BoardPage(
            frame: frame, desks: try await pickerChoices(desk, from: readModels.desks(), any: "Any desk"),
            people: pickerChoices(
                assignee, from: users.map { ($0.name, "\($0.name) (\(UserView($0).roles))") }, any: "Anyone"),
            assignees: Self.assignees(users, stages: Set(columns.flatMap { $0.page.items.map(\.stage) }), now: Date()),
            mine: mine, filtered: !filters.isEmpty, recentHours: Int(recentWindow.components.seconds / 3_600),
            columns: columns.map { column in
                BoardPage.Column(
                    name: column.name, title: column.kind.title, count: column.count,
                    cards: column.page.items.map {
                        card($0, context: context, csrf: session.csrfToken, back: here, moves: &moves)
                    },
                    more: column.page.next.map { next in
                        "/?" + Self.query(filters + [("column", column.name), ("after", next)])
                    })
            }, position: position)
        var response = templates.response(page)
        if notice != nil { clearNotice(&response, request: request) }
        return response
    }

    /// A picker's choices: "any" first, then each value there is, and the chosen one kept even when it is no
    /// longer among them (a typed address, a desk since emptied).
    func pickerChoices(_ chosen: String, from values: [String], any: String) -> [Choice] {
        pickerChoices(chosen, from: values.map { ($0, $0) }, any: any)
    }

    func pickerChoices(_ chosen: String, from values: [(value: String, label: String)], any: String) -> [Choice] {
        var choices = [Choice(value: "", label: any, selected: chosen.isEmpty)]
        choices += values.map { Choice(value: $0.value, label: $0.label, selected: $0.value == chosen) }
        if !chosen.isEmpty, !values.contains(where: { $0.value == chosen }) {
            choices.append(Choice(value: chosen, label: chosen, selected: true))
        }
        return choices
    }

    /// A card, its moves' forms coming back to `back` (the board as the person sees it) at the card.
    func card(
        _ summary: StorySummary, context: CommandContext, csrf: String, back: String,
        moves: inout [MoveKey: [BoardPage.Move]]
    ) -> BoardPage.Card {
        // A card's moves depend on the stage, on whether the user wrote it and on the embargo: asked of the
        // domain, and their forms made, once for each such kind of card on the board, not once a card.
        let key = MoveKey(
            stage: summary.stage, isAuthor: summary.author == context.actor,
            embargoed: Publicity(stage: summary.stage, publicAt: summary.publicAt, at: context.now) == .embargoed)
        if moves[key] == nil {
            moves[key] = Article.moves(
                stage: summary.stage, author: summary.author, publicAt: summary.publicAt, context: context
            ).map { move($0.action, to: $0.to, csrf: csrf) }
            let article = Article.summarized(
                stage: summary.stage, author: summary.author, publicAt: summary.publicAt, now: context.now)
            if article.availability(of: .assign, context: context) == .available {
                var assign = move(.assign, to: summary.stage, csrf: csrf)
                (assign.to, assign.list) = ("", "people-\(summary.stage.rawValue)")
                moves[key, default: []].append(assign)
            }
        }
        return BoardPage.Card(
            id: summary.id, slug: summary.slug, headline: summary.headline, desk: summary.desk,
            assignee: summary.assignee, author: summary.author, inStage: time.age(since: summary.stageSince),
            stageSince: time.format(summary.stageSince), openNote: summary.openNote,
            words: "\(TextLength.grouped(summary.wordCount)) words",
            releases: key.embargoed ? summary.publicAt.map(time.format) : nil,
            releasesAt: key.embargoed ? summary.publicAt.map(Timestamp.rfc3339Seconds) : nil,
            moves: (moves[key] ?? []).map { move in
                var move = move
                move.id = summary.id
                move.back = "\(back)#card-\(summary.id)"
                return move
            })
    }

    /// A card's form for `action`: what the story page's asks for, less what may be left out. The card's id is
    /// filled in by each card.
    func move(_ action: Action, to stage: Stage, csrf: String) -> BoardPage.Move {
        let form = ActionForm(action, prefill: ActionForm.Prefill(publishAt: "", body: ""))
        let note = form.fields.first { $0.required }
        let needsTime = form.fields.contains { field in
            if case .time = field.kind { return true }
            return false
        }
        return BoardPage.Move(
            id: "", action: action.rawValue, label: action.label, to: stage.rawValue, note: note?.label,
            noteField: note?.name, needsTime: needsTime, needsNote: note != nil, plain: note == nil && !needsTime,
            csrf: csrf, zone: time.zoneName, back: "")
    }

    /// For each stage on the board, the people an assignment on its cards offers: those whose roles have work in
    /// it. Asked of `decide` once for each set of roles there is, not once a person.
    static func assignees(_ users: [User], stages: Set<Stage>, now: Date) -> [BoardPage.People] {
        Stage.allCases.filter(stages.contains).map { stage in
            let article = Article.summarized(stage: stage, author: nil, publicAt: nil, now: now)
            var fits: [Set<Role>: Bool] = [:]
            let people = users.filter { user in
                guard !user.disabled else { return false }
                if let known = fits[user.roles] { return known }
                let fit = article.hasWork(for: CommandContext(actor: "-", roles: user.roles, now: now))
                fits[user.roles] = fit
                return fit
            }
            return BoardPage.People(
                id: "people-\(stage.rawValue)",
                names: people.map { Choice(value: $0.name, label: $0.byline, selected: false) })
        }
    }

    /// What a board card's moves depend on.
    struct MoveKey: Hashable {
        var stage: Stage
        var isAuthor: Bool
        var embargoed: Bool
    }

    func search(_ request: Request, _ session: WebSession) async throws -> Response {
        let query = request.uri.queryParameters
        let words = query["q"].map { TextRule.trimmed(String($0)) } ?? ""
        let desk = query["desk"].map { TextRule.trimmed(String($0)) } ?? ""
        var filter = StoryFilter()
        if let stage = query["stage"].map(String.init), !stage.isEmpty {
            guard let known = Stage(rawValue: stage) else {
                throw GalleyError.invalidInput("choose a stage from the list")
            }
            filter.stage = known
        }
        if !desk.isEmpty { filter.desk = desk }
        var hits: [SearchPage.Hit] = []
        var more: String?
        var count: String?
        if !words.isEmpty {
            let (readModels, _) = try await projections.current(readModels, timeout: readWait)
            let page = try await searchGate.run(for: session.user.name) {
                try await readModels.search(words, filter: filter, limit: 20, after: query["after"].map(String.init))
            }
            hits = page.items.map { hit in
                SearchPage.Hit(
                    id: hit.summary.id, slug: hit.summary.slug, headline: hit.summary.headline,
                    stage: hit.summary.stage.label, desk: hit.summary.desk, updated: time.format(hit.summary.updatedAt),
                    snippet: Segment.snippet(hit.snippet))
            }
            if query["after"] == nil, let total = page.total, total > 0 {
                count =
                    total >= ReadModels.searchWindow
                    ? "\(TextLength.grouped(total)) or more stories match: the \(TextLength.grouped(total)) most "
                        + "recent are ranked. Add words or a filter to reach further back."
                    : "\(TextLength.grouped(total)) \(total == 1 ? "story matches" : "stories match")."
            }
            more = page.next.map { next in
                "/search?"
                    + Self.query(
                        [("q", words), ("stage", filter.stage?.rawValue ?? ""), ("desk", desk), ("after", next)]
                            .filter { !$0.1.isEmpty })
            }
        }
        let stages =
            [Choice(value: "", label: "Any stage", selected: filter.stage == nil)]
            + Stage.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: $0 == filter.stage) }
        let page = SearchPage(
            frame: frame(words.isEmpty ? "Search" : "Search: \(words)", session, current: "search"), query: words,
            stages: stages, desks: pickerChoices(desk, from: try await readModels.desks(), any: "Any desk"), hits: hits,
            more: more, count: count,
            none: !words.isEmpty && hits.isEmpty)
        return templates.response(page)
    }

}
