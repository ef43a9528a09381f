public import Foundation

/// What a user can do with a story now, asked of `decide` itself so that no front end keeps rules of its own.
extension Article {
    /// Where one action stands for a user and this story.
    public enum Availability: Sendable, Hashable {
        /// The stage takes it and the user may give it; `decide` still checks the input.
        case available
        /// The stage takes it and the user may give it, but a rule refuses it now; the message says which.
        case refused(String)
        /// The user may not give it, or the stage does not take it: a front end offers no control for it.
        case unavailable
    }

    /// Where `action` stands for `context`'s user, found by deciding a representative command of it: refusals
    /// of the input alone (an unknown claim, an empty note) leave it available. For an action on one claim,
    /// `claim` names it (else the checklist's first stands for them all).
    public func availability(of action: Action, claim: String? = nil, context: CommandContext) -> Availability {
        do {
            _ = try decide(probe(for: action, claim: claim), context: context)
            return .available
        } catch {
            switch error {
            case .invalidInput, .notFound: return stage == nil ? .unavailable : .available
            case .ruleViolation(let message): return .refused(message)
            case .forbidden, .wrongStage, .unknownEvent: return .unavailable
            }
        }
    }

    /// The actions a front end offers `context`'s user on this story: those available or refused by a rule.
    public func offeredActions(context: CommandContext) -> [Action] {
        Action.allCases.filter { availability(of: $0, context: context) != .unavailable }
    }

    /// Whether `context`'s user has work to do on this story as it stands (an action besides commenting and
    /// assigning): whom an assignment picker offers.
    public func hasWork(for context: CommandContext) -> Bool {
        offeredActions(context: context).contains { $0 != .comment && $0 != .assign }
    }

    /// A story known only by its summary, as a board's card knows it: enough for `decide` to say what its stage
    /// offers a user; what the whole story says (its claims) is checked when a command is made.
    public static func summarized(stage: Stage, author: String?, publicAt: Date?, now: Date) -> Article {
        var article = Article()
        article.stage = stage
        article.author = author
        article.publicAt = publicAt
        article.content = ArticleContent(headline: "-", bylines: [], body: [], slug: "-", desk: "-")
        // A ready story has been signed off: the workflow admits no other.
        if stage == .ready { article.signOff = SignOff(revision: 0, by: "", at: now) }
        return article
    }

    /// The moves a board's card offers: the actions that would take the story to another stage, each with that
    /// stage. Asked of `decide` for a story known only by its summary (stage, author, public time), so by the
    /// user's roles and the stage; what the whole story says (its claims) is checked when the move is made.
    /// A move is whatever `decide` and `evolve` make one: no list of moves is kept beside them.
    public static func moves(
        stage: Stage, author: String?, publicAt: Date?, context: CommandContext
    ) -> [(action: Action, to: Stage)] {
        let article = summarized(stage: stage, author: author, publicAt: publicAt, now: context.now)
        return Action.allCases.compactMap { action in
            guard article.availability(of: action, context: context) != .unavailable else { return nil }
            guard let to = article.destination(of: action, context: context) else { return nil }
            return (action, to)
        }
    }

    /// The stage `action` leads to, found by applying what `decide` makes of it (with placeholder notes); nil
    /// when it is refused, or leaves the stage as it is.
    public func destination(of action: Action, context: CommandContext) -> Stage? {
        guard let events = try? decide(probe(for: action, note: "-"), context: context) else { return nil }
        let next = events.reduce(self) { $0.evolve($1, actor: context.actor) }.stage
        return next == stage ? nil : next
    }

    /// A command of `action` with placeholder input, for asking `decide` whether the action is open at all.
    private func probe(for action: Action, note: String = "", claim chosen: String? = nil) -> ArticleCommand {
        let claim = chosen ?? checklist.first?.id ?? "c0"
        switch action {
        case .draft: return .draft(content ?? ArticleContent(headline: "", bylines: [], body: [], slug: "", desk: ""))
        case .edit: return .edit(ContentChange(kicker: (content?.kicker ?? "") + " "))
        case .submit: return .submit
        case .sendBack: return .sendBack(note: note)
        case .recall: return .recall
        case .sendToFactCheck: return .sendToFactCheck
        case .addClaim: return .addClaim(Claim(id: "", text: ""))
        case .recordVerdict: return .recordVerdict(claimID: claim, rating: .accurate, evidence: [], note: "")
        case .confirmVerdict:
            return .confirmVerdict(claimID: chosen ?? checklist.first { standing(of: $0) == .outdated }?.id ?? claim)
        case .withdrawClaim: return .withdrawClaim(claimID: claim, reason: "")
        case .approve: return checklist.isEmpty ? .approveWithNoClaims : .approve
        case .reject: return .reject(reasons: [note])
        case .pullBack: return .pullBack
        case .publish: return .publish(at: nil)
        case .correct: return .correct(kind: .correction, text: "", change: ContentChange())
        case .retract: return .retract(reason: note)
        case .takedown: return .takedown(reason: note)
        case .spike: return .spike(reason: note)
        case .unspike: return .unspike
        case .comment: return .comment("")
        case .assign: return .assign(to: "")
        }
    }
}
