import Foundation

extension Article {
    /// Decides a command against the story: the events it causes, or the rule it breaks.
    ///
    /// Every rule lives here, roles included, so the command line and the HTTP service cannot differ.
    /// Nothing here reads a clock or a database: the context carries the actor and the time.
    public func decide(_ command: ArticleCommand, context: CommandContext) throws(EditorialError) -> [ArticleEvent] {
        guard Permissions.allows(context.roles, command.action) else {
            let roles = context.roles.sorted().map(\.label).joined(separator: ", ")
            throw .forbidden(
                "\(context.actor) (\(roles.isEmpty ? "no role" : roles)) may not \(command.action.phrase)")
        }
        if case .draft(let content, let proposals) = command {
            guard stage == nil else { throw .wrongStage("this story already exists") }
            let content = content.trimmed
            if let problem = content.problem { throw .invalidInput(problem) }
            var proposed: [Claim] = []
            for claim in proposals {
                guard ArticleContent.isValidSlug(claim.id), !proposed.contains(where: { $0.id == claim.id }) else {
                    throw .invalidInput("a proposed claim's id is unique, lowercase letters, digits and hyphens")
                }
                proposed.append(
                    Claim(
                        id: claim.id, text: try nonEmpty(claim.text, "a proposed claim's text", maxLength: 2_000),
                        speaker: claim.speaker.map(TextRule.trimmed).flatMap { $0.isEmpty ? nil : $0 }))
            }
            return [
                .drafted(
                    Drafted(content: content, author: context.actor, proposedClaims: proposed.isEmpty ? nil : proposed))
            ]
        }
        guard let stage, let content else { throw .notFound("there is no such story") }
        let isEditor = !context.roles.isDisjoint(with: [.editor, .admin])

        switch command {
        case .draft:
            throw .wrongStage("this story already exists")

        case .edit(let edit):
            let change = edit.trimmed
            switch stage {
            case .draft:
                guard isEditor || context.actor == author else {
                    throw .forbidden("a reporter revises only their own draft")
                }
            case .editing, .factCheck, .ready:
                guard isEditor else { throw .forbidden("a reporter revises a story only while it is a draft") }
            case .published where isEmbargoed(at: context.now):
                // Not yet public, so nothing public is changed: an edit, not a correction (docs/workflow.md).
                guard isEditor else { throw .forbidden("a reporter revises a story only while it is a draft") }
            case .published:
                throw .wrongStage("a published story is never edited silently: correct it, with a public note")
            case .spiked, .retracted, .takenDown:
                throw .wrongStage("a \(stage.name) story cannot be edited")
            }
            guard change.changes(content) else { throw .invalidInput("the edit changes nothing") }
            if let problem = change.applied(to: content).problem { throw .invalidInput(problem) }
            var events: [ArticleEvent] = [.edited(Edited(change: change, revision: revision + 1))]
            if [.ready, .published].contains(stage), change.changesCheckedText(of: content), let signOff {
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

        case .recall:
            guard stage == .editing else {
                throw .wrongStage(
                    "only a submitted story is recalled, before the desk acts on it; this one is \(stage.name)")
            }
            guard isEditor || context.actor == author else {
                throw .forbidden("a reporter recalls only their own submission")
            }
            // Taken up by the desk: the story is the editors' to send back now, not the reporter's to take.
            guard let submission else {
                throw .wrongStage(
                    "the desk has acted on this story since it was submitted: ask an editor to send it back")
            }
            if let by = submission.actedOnBy {
                throw .wrongStage(
                    "the desk has already acted on this submission (\(by): \(submission.actedOn ?? "")): "
                        + "ask an editor to send it back")
            }
            return [.recalled(Recalled())]

        case .sendToFactCheck:
            try require(stage, is: .editing, to: "send to fact-check")
            return [.sentToFactCheck(SentToFactCheck())]

        case .addClaim(let claim):
            guard [.draft, .editing, .factCheck].contains(stage) else {
                throw .wrongStage("claims are added before sign-off; the story is \(stage.name)")
            }
            guard ArticleContent.isValidSlug(claim.id) else {
                throw .invalidInput("a claim id is lowercase letters, digits and hyphens, such as c1")
            }
            guard !claims.contains(where: { $0.id == claim.id }) else {
                throw .invalidInput("the story already has a claim \(TextRule.echo(claim.id))")
            }
            if let source = claim.source, let problem = WebLink.problem(source, what: "a claim's source") {
                throw .invalidInput(problem)
            }
            var fresh = Claim(
                id: claim.id, text: try nonEmpty(claim.text, "the claim's text", maxLength: 2_000),
                speaker: claim.speaker.map(TextRule.trimmed), source: claim.source.map(TextRule.trimmed))
            fresh.speaker = fresh.speaker.flatMap { $0.isEmpty ? nil : $0 }
            if let speaker = fresh.speaker,
                let problem = TextRule.problem(speaker, field: "the speaker", maxLength: 200)
            {
                throw .invalidInput(problem)
            }
            return [.claimAdded(ClaimAdded(claim: fresh))]

        case .recordVerdict(let claimID, let rating, let evidence, let note):
            try require(stage, is: .factCheck, to: "rule on a claim")
            _ = try activeClaim(claimID)
            if let bad = evidence.lazy.compactMap({ WebLink.problem($0.absoluteString, what: "evidence") }).first {
                throw .invalidInput(bad)
            }
            let verdict = Verdict(
                rating: rating, evidence: evidence, note: try nonEmpty(note, "a note on what was found"),
                by: context.actor, at: context.now, revision: revision)
            return [.verdictRecorded(VerdictRecorded(claimId: claimID, verdict: verdict))]

        case .confirmVerdict(let claimID):
            try require(stage, is: .factCheck, to: "confirm a verdict")
            let claim = try activeClaim(claimID)
            switch standing(of: claim) {
            case .open:
                throw .ruleViolation("claim \(claimID) has no verdict to confirm: rule on it")
            case .textMissing:
                throw .ruleViolation(
                    "the text of claim \(claimID) no longer appears in the story: rule on it again or withdraw it")
            case .current:
                throw .ruleViolation("the verdict on claim \(claimID) already covers revision \(revision)")
            case .outdated, .withdrawn:
                break
            }
            return [
                .verdictConfirmed(
                    VerdictConfirmed(claimId: claimID, revision: revision, by: context.actor, at: context.now))
            ]

        case .withdrawClaim(let claimID, let reason):
            guard [.draft, .editing, .factCheck].contains(stage) else {
                throw .wrongStage("claims are withdrawn before sign-off; the story is \(stage.name)")
            }
            _ = try activeClaim(claimID)
            return [
                .claimWithdrawn(
                    ClaimWithdrawn(
                        claimId: claimID, reason: try nonEmpty(reason, "a reason"), by: context.actor,
                        at: context.now))
            ]

        case .approve, .approveWithNoClaims:
            try require(stage, is: .factCheck, to: "approve")
            guard context.actor != author, context.actor != lastEditor else {
                throw .ruleViolation(
                    "\(context.actor) wrote or last edited this story and cannot sign off its fact-check")
            }
            let checklist = self.checklist
            if case .approveWithNoClaims = command {
                guard checklist.isEmpty else {
                    throw .ruleViolation(
                        "the story has claims to check (\(checklist.map(\.id).joined(separator: ", "))): "
                            + "rule on them and approve")
                }
                return [
                    .factCheckApproved(
                        FactCheckApproved(
                            signOff: SignOff(
                                revision: revision, by: context.actor, at: context.now, covered: [], noClaims: true)))
                ]
            }
            guard !checklist.isEmpty else {
                throw .ruleViolation(
                    "the story has no claims on its checklist: add them, or approve stating it makes no claim to check")
            }
            let standings = checklist.map { ($0, standing(of: $0)) }
            func ids(_ wanted: ClaimStanding) -> [String] { standings.filter { $0.1 == wanted }.map(\.0.id) }
            let open = ids(.open)
            guard open.isEmpty else {
                throw .ruleViolation("every claim needs a verdict first; open: \(open.joined(separator: ", "))")
            }
            let missing = ids(.textMissing)
            guard missing.isEmpty else {
                throw .ruleViolation(
                    "the text of these claims no longer appears in the story; rule on them again or withdraw them: "
                        + missing.joined(separator: ", "))
            }
            let outdated = standings.filter { $0.1 == .outdated }.map {
                "\($0.0.id) (revision \($0.0.verdict?.revision ?? 0))"
            }
            guard outdated.isEmpty else {
                throw .ruleViolation(
                    "these verdicts were made on an earlier revision; confirm them or rule again: "
                        + outdated.joined(separator: ", "))
            }
            let wrong = checklist.filter { $0.verdict?.rating.blocksApproval == true }.map(\.id)
            guard wrong.isEmpty else {
                throw .ruleViolation(
                    "claims rated inaccurate or misleading must be fixed first: \(wrong.joined(separator: ", "))")
            }
            let covered = checklist.compactMap { claim in
                claim.verdict.map {
                    CoveredVerdict(claimId: claim.id, rating: $0.rating, revision: $0.revision ?? revision, by: $0.by)
                }
            }
            return [
                .factCheckApproved(
                    FactCheckApproved(
                        signOff: SignOff(revision: revision, by: context.actor, at: context.now, covered: covered)))
            ]

        case .reject(let reasons):
            try require(stage, is: .factCheck, to: "reject")
            let kept = reasons.map(TextRule.trimmed).filter { !$0.isEmpty }
            guard !kept.isEmpty else { throw .invalidInput("a rejection needs at least one reason") }
            for reason in kept { _ = try nonEmpty(reason, "a reason") }
            return [.factCheckRejected(FactCheckRejected(reasons: kept))]

        case .pullBack:
            guard stage == .factCheck else {
                throw .wrongStage("only a story in fact-check is pulled back to editing; this one is \(stage.name)")
            }
            return [.pulledBack(PulledBack())]

        case .publish(let moment):
            if let moment, moment < context.now {
                throw .invalidInput("an embargo time must not be in the past")
            }
            if stage == .published {
                // Until the embargo passes, publishing again moves it, or lifts it (no time: public now).
                guard isEmbargoed(at: context.now) else { throw .wrongStage("the story is already published") }
                return [.published(Published(publicAt: moment ?? context.now, revision: revision))]
            }
            try require(stage, is: .ready, to: "publish")
            guard signOff != nil else { throw .ruleViolation("publishing needs a current fact-check sign-off") }
            return [.published(Published(publicAt: moment ?? context.now, revision: revision))]

        case .correct(let kind, let text, let correction):
            let change = correction.trimmed
            guard stage == .published else {
                throw .wrongStage("only a published story is corrected; this one is \(stage.name)")
            }
            if let publicAt, isEmbargoed(at: context.now) {
                throw .wrongStage(notYetPublic(publicAt, "corrected"))
            }
            let note = try nonEmpty(text, "the public text of the \(kind.rawValue)")
            if let problem = change.applied(to: content).problem { throw .invalidInput(problem) }
            let next = change.changes(content) ? revision + 1 : revision
            let correction = Correction(kind: kind, text: note, revision: next, by: context.actor, at: context.now)
            return [.corrected(Corrected(correction: correction, change: change))]

        case .retract(let reason):
            guard stage == .published else {
                throw .wrongStage("only a published story is retracted; this one is \(stage.name)")
            }
            if let publicAt, isEmbargoed(at: context.now) {
                throw .wrongStage(notYetPublic(publicAt, "retracted") + "; spike it instead")
            }
            return [.retracted(Retracted(reason: try nonEmpty(reason, "a reason")))]

        case .takedown(let reason):
            if stage == .takenDown { throw .wrongStage("the story is already taken down") }
            guard [.published, .retracted].contains(stage) else {
                throw .wrongStage(
                    "only a story that was published (public, embargoed or retracted) is taken down; this one is "
                        + stage.name)
            }
            return [
                .takenDown(
                    TakenDown(
                        reason: try nonEmpty(reason, "a reason"), wasPublic: !isEmbargoed(at: context.now)))
            ]

        case .spike(let reason):
            if stage == .spiked { throw .wrongStage("the story is already spiked") }
            guard [.draft, .editing, .factCheck, .ready].contains(stage) || isEmbargoed(at: context.now) else {
                throw .wrongStage("only a story that is not yet public can be spiked; this one is \(stage.name)")
            }
            return [.spiked(Spiked(reason: try nonEmpty(reason, "a reason")))]

        case .unspike:
            guard stage == .spiked else {
                throw .wrongStage("only a spiked story is unspiked; this one is \(stage.name)")
            }
            guard let spikedFrom else {
                throw .wrongStage("the story's history does not say which stage it was spiked from")
            }
            // An embargoed story comes back signed off but unscheduled: its time may have passed meanwhile, and
            // only an editor's publish makes a story public.
            return [.unspiked(Unspiked(stage: spikedFrom == .published ? .ready : spikedFrom))]

        case .comment(let text):
            return [
                .commented(Commented(text: try nonEmpty(text, "the comment"), revision: revision, by: context.actor))
            ]

        case .assign(let assignee):
            guard ![.spiked, .retracted, .takenDown].contains(stage) else {
                throw .wrongStage("a \(stage.name) story is not assigned")
            }
            return [.assigned(Assigned(assignee: try nonEmpty(assignee, "the user to assign"), by: context.actor))]
        }
    }

    private func require(_ stage: Stage, is expected: Stage, to verb: String) throws(EditorialError) {
        guard stage == expected else {
            throw .wrongStage(
                "only a story in \(expected.name) can be asked to \(verb); this one is \(stage.name)")
        }
    }

    /// A claim of this story that is still on its checklist.
    private func activeClaim(_ id: String) throws(EditorialError) -> Claim {
        guard let claim = claims.first(where: { $0.id == id }) else {
            throw .notFound("the story has no claim \(TextRule.echo(id))")
        }
        if claim.withdrawal != nil { throw .ruleViolation("claim \(id) was withdrawn") }
        return claim
    }

    private func notYetPublic(_ publicAt: Date, _ verb: String) -> String {
        "the story is embargoed until \(publicAt.formatted(.iso8601)) and is not \(verb) before it is public: "
            + "edit it (a change of headline or body reopens its fact-check) or move the embargo with publish"
    }

    /// `text` trimmed, refused when empty or against `TextRule`.
    private func nonEmpty(_ text: String, _ what: String, maxLength: Int = 10_000) throws(EditorialError) -> String {
        let trimmed = TextRule.trimmed(text)
        guard !trimmed.isEmpty else { throw .invalidInput("\(what) is required") }
        if let problem = TextRule.problem(trimmed, field: what, maxLength: maxLength) { throw .invalidInput(problem) }
        return trimmed
    }
}
