public import Foundation

/// Everything people ask of a story.
public enum ArticleCommand: Sendable, Hashable {
    /// File a first draft; claims found in it that the drafter may not put on the checklist themselves (a
    /// reporter importing their own copy) are kept as proposals for the fact-checkers.
    case draft(ArticleContent, proposing: [Claim] = [])
    /// Change some fields of the content.
    case edit(ContentChange)
    /// Send the draft to the editors.
    case submit
    /// Send the story back to its reporter, saying what to do.
    case sendBack(note: String)
    /// Take a submission back to draft before the desk has acted on it.
    case recall
    /// Send the story to the fact-checkers.
    case sendToFactCheck
    /// Put a claim on the checklist.
    case addClaim(Claim)
    /// Rule on a claim.
    case recordVerdict(claimID: String, rating: Rating, evidence: [URL], note: String)
    /// Find that a verdict made on an earlier revision still holds for the current one.
    case confirmVerdict(claimID: String)
    /// Take a claim off the checklist, saying why.
    case withdrawClaim(claimID: String, reason: String)
    /// Sign off the current revision.
    case approve
    /// Sign off the current revision, stating that the story makes no claim to check.
    case approveWithNoClaims
    /// Send the story back to the editors, with reasons.
    case reject(reasons: [String])
    /// Take the story back from fact-check to editing, its claims and verdicts kept.
    case pullBack
    /// Publish now (nil) or at an embargo time.
    case publish(at: Date?)
    /// Change a published story, with a public note.
    case correct(kind: CorrectionKind, text: String, change: ContentChange)
    /// Withdraw a published story.
    case retract(reason: String)
    /// Remove a story that was ever published from every public output, for a legal reason; the log keeps it.
    case takedown(reason: String)
    /// Drop an unpublished story.
    case spike(reason: String)
    /// Restore a spiked story to the stage it was spiked from.
    case unspike
    /// Comment on the current revision.
    case comment(String)
    /// Give the story to someone.
    case assign(to: String)

    /// The action this command is, for the permission table.
    public var action: Action {
        switch self {
        case .draft: .draft
        case .edit: .edit
        case .submit: .submit
        case .sendBack: .sendBack
        case .recall: .recall
        case .sendToFactCheck: .sendToFactCheck
        case .addClaim: .addClaim
        case .recordVerdict: .recordVerdict
        case .confirmVerdict: .confirmVerdict
        case .withdrawClaim: .withdrawClaim
        case .approve, .approveWithNoClaims: .approve
        case .reject: .reject
        case .pullBack: .pullBack
        case .publish: .publish
        case .correct: .correct
        case .retract: .retract
        case .takedown: .takedown
        case .spike: .spike
        case .unspike: .unspike
        case .comment: .comment
        case .assign: .assign
        }
    }
}

/// The actions of the permission table, one per command, in the order front ends offer them: a story's usual
/// next step before the step back.
public enum Action: String, Sendable, CaseIterable {
    /// `draft`
    case draft
    /// `edit`
    case edit
    /// `submit`
    case submit
    /// `send-to-fact-check`
    case sendToFactCheck = "send-to-fact-check"
    /// `send-back`
    case sendBack = "send-back"
    /// `recall`
    case recall
    /// `fact-check claim add`
    case addClaim = "add-claim"
    /// `fact-check verdict`
    case recordVerdict = "record-verdict"
    /// `fact-check confirm`
    case confirmVerdict = "confirm-verdict"
    /// `fact-check claim withdraw`
    case withdrawClaim = "withdraw-claim"
    /// `fact-check approve`
    case approve
    /// `fact-check reject`
    case reject
    /// `pull-back`
    case pullBack = "pull-back"
    /// `publish`
    case publish
    /// `correct`
    case correct
    /// `retract`
    case retract
    /// `takedown`
    case takedown
    /// `spike`
    case spike
    /// `unspike`
    case unspike
    /// `comment`
    case comment
    /// `assign`
    case assign
}

extension Action {
    /// The action in words, as refusals say it: "may not add a claim to a story".
    public var phrase: String {
        switch self {
        case .draft: "draft a story"
        case .edit: "edit a story"
        case .submit: "submit a story"
        case .sendBack: "send a story back"
        case .recall: "recall a submitted story"
        case .sendToFactCheck: "send a story to fact-check"
        case .addClaim: "add a claim to a story"
        case .recordVerdict: "rule on a story's claims"
        case .confirmVerdict: "confirm a verdict on a story's claim"
        case .withdrawClaim: "withdraw a story's claim"
        case .approve: "sign off a story's fact-check"
        case .reject: "reject a story at fact-check"
        case .pullBack: "pull a story back from fact-check"
        case .publish: "publish a story"
        case .correct: "correct a story"
        case .retract: "retract a story"
        case .takedown: "take a story down"
        case .spike: "spike a story"
        case .unspike: "unspike a story"
        case .comment: "comment on a story"
        case .assign: "assign a story"
        }
    }
}
