import Foundation

extension Article {
    /// Decides a command against the story: the events it causes, or the rule it breaks.
    ///
    /// Every rule lives here, roles included, so the command line and the HTTP service cannot differ.
    /// Nothing here reads a clock or a database: the context carries the actor and the time.
    public func decide(_ command: ArticleCommand, context: CommandContext) throws(EditorialError) -> [ArticleEvent] {
        guard Permissions.allows(context.roles, command.action) else {
            let roles = context.roles.sorted().map(\.rawValue).joined(separator: ", ")
            throw .forbidden(
                "\(context.actor) (\(roles.isEmpty ? "no role" : roles)) may not \(command.action.rawValue) a story")
        }
        if case .draft(let content) = command {
            guard stage == nil else { throw .ruleViolation("this story already exists") }
            if let problem = content.problem { throw .invalidInput(problem) }
            return [.drafted(Drafted(content: content, author: context.actor))]
        }
        guard let stage, let content else { throw .notFound("there is no such story") }
        let isEditor = !context.roles.isDisjoint(with: [.editor, .admin])

        switch command {
        case .draft:
            throw .ruleViolation("this story already exists")

        case .edit(let change):
            switch stage {
            case .draft:
                guard isEditor || context.actor == author else {
                    throw .forbidden("a reporter revises only their own draft")
                }
            case .editing, .factCheck, .ready:
                guard isEditor else { throw .forbidden("a reporter revises a story only while it is a draft") }
            case .published:
                throw .ruleViolation("a published story is never edited silently: correct it, with a public note")
            case .spiked, .retracted:
                throw .ruleViolation("a \(stage.rawValue) story cannot be edited")
            }
            guard change.changes(content) else { throw .invalidInput("the edit changes nothing") }
            if let problem = change.applied(to: content).problem { throw .invalidInput(problem) }
            var events: [ArticleEvent] = [.edited(Edited(change: change, revision: revision + 1))]
            if stage == .ready, change.touchesCheckedText, let signOff {
                events.append(
                    .factCheckReopened(FactCheckReopened(signedOffRevision: signOff.revision, revision: revision + 1)))
            }
            return events

        case .submit:
            try require(stage, is: .draft, to: "submit")
            guard isEditor || context.actor == author else {
                throw .forbidden("a reporter submits only their own draft")
            }
            return [.submitted(Submitted())]

        case .sendBack(let note):
            try require(stage, is: .editing, to: "send back")
            return [.sentBack(SentBack(note: try nonEmpty(note, "a note saying what to do")))]

        case .sendToFactCheck:
            try require(stage, is: .editing, to: "send to fact-check")
            return [.sentToFactCheck(SentToFactCheck())]

        case .addClaim(let claim):
            guard [.draft, .editing, .factCheck].contains(stage) else {
                throw .ruleViolation("claims are added before sign-off; the story is \(stage.rawValue)")
            }
            guard ArticleContent.isValidSlug(claim.id) else {
                throw .invalidInput("a claim id is lowercase letters, digits and hyphens, such as c1")
            }
            guard !claims.contains(where: { $0.id == claim.id }) else {
                throw .invalidInput("the story already has a claim \(claim.id)")
            }
            var fresh = claim
            fresh.text = try nonEmpty(claim.text, "the claim's text")
            fresh.verdict = nil
            return [.claimAdded(ClaimAdded(claim: fresh))]

        case .recordVerdict(let claimID, let rating, let evidence, let note):
            try require(stage, is: .factCheck, to: "rule on a claim")
            guard claims.contains(where: { $0.id == claimID }) else {
                throw .notFound("the story has no claim \(claimID)")
            }
            if let bad = evidence.first(where: { !["http", "https"].contains($0.scheme?.lowercased() ?? "") }) {
                throw .invalidInput("evidence must be http or https links, not \(bad.absoluteString)")
            }
            let verdict = Verdict(
                rating: rating, evidence: evidence, note: try nonEmpty(note, "a note on what was found"),
                by: context.actor, at: context.now)
            return [.verdictRecorded(VerdictRecorded(claimId: claimID, verdict: verdict))]

        case .approve:
            try require(stage, is: .factCheck, to: "approve")
            guard context.actor != author, context.actor != lastEditor else {
                throw .ruleViolation(
                    "\(context.actor) wrote or last edited this story and cannot sign off its fact-check")
            }
            let open = claims.filter { $0.verdict == nil }.map(\.id)
            guard open.isEmpty else {
                throw .ruleViolation("every claim needs a verdict first; open: \(open.joined(separator: ", "))")
            }
            let wrong = claims.filter { $0.verdict?.rating.blocksApproval == true }.map(\.id)
            guard wrong.isEmpty else {
                throw .ruleViolation(
                    "claims rated inaccurate or misleading must be fixed first: \(wrong.joined(separator: ", "))")
            }
            return [
                .factCheckApproved(
                    FactCheckApproved(signOff: SignOff(revision: revision, by: context.actor, at: context.now)))
            ]

        case .reject(let reasons):
            try require(stage, is: .factCheck, to: "reject")
            let kept = reasons.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            guard !kept.isEmpty else { throw .invalidInput("a rejection needs at least one reason") }
            return [.factCheckRejected(FactCheckRejected(reasons: kept))]

        case .publish(let moment):
            if stage == .published { throw .ruleViolation("the story is already published") }
            try require(stage, is: .ready, to: "publish")
            guard signOff != nil else { throw .ruleViolation("publishing needs a current fact-check sign-off") }
            if let moment, moment < context.now {
                throw .invalidInput("an embargo time must not be in the past")
            }
            return [.published(Published(publicAt: moment ?? context.now, revision: revision))]

        case .correct(let kind, let text, let change):
            guard stage == .published else {
                throw .ruleViolation("only a published story is corrected; this one is \(stage.rawValue)")
            }
            let note = try nonEmpty(text, "the public text of the \(kind.rawValue)")
            if let problem = change.applied(to: content).problem { throw .invalidInput(problem) }
            let next = change.changes(content) ? revision + 1 : revision
            let correction = Correction(kind: kind, text: note, revision: next, by: context.actor, at: context.now)
            return [.corrected(Corrected(correction: correction, change: change))]

        case .retract(let reason):
            guard stage == .published else {
                throw .ruleViolation("only a published story is retracted; this one is \(stage.rawValue)")
            }
            return [.retracted(Retracted(reason: try nonEmpty(reason, "a reason")))]

        case .spike(let reason):
            guard [.draft, .editing, .factCheck, .ready].contains(stage) else {
                throw .ruleViolation("only an unpublished story is spiked; this one is \(stage.rawValue)")
            }
            return [.spiked(Spiked(reason: try nonEmpty(reason, "a reason")))]

        case .comment(let text):
            return [
                .commented(Commented(text: try nonEmpty(text, "the comment"), revision: revision, by: context.actor))
            ]

        case .assign(let assignee):
            guard ![.spiked, .retracted].contains(stage) else {
                throw .ruleViolation("a \(stage.rawValue) story is not assigned")
            }
            return [.assigned(Assigned(assignee: try nonEmpty(assignee, "the user to assign"), by: context.actor))]
        }
    }

    private func require(_ stage: Stage, is expected: Stage, to verb: String) throws(EditorialError) {
        guard stage == expected else {
            throw .ruleViolation(
                "only a story in \(expected.rawValue) can be asked to \(verb); this one is \(stage.rawValue)")
        }
    }

    private func nonEmpty(_ text: String, _ what: String) throws(EditorialError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .invalidInput("\(what) is required") }
        return trimmed
    }
}
