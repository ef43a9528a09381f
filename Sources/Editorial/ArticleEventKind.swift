/// Each kind of article event, its raw value the type name stored in the log: the one table of type names.
/// Names already in the log never change; a new kind is a new case, which `ArticleEvent` must write and read.
public enum ArticleEventKind: String, Sendable, CaseIterable {
    /// `ArticleEvent.drafted`
    case drafted = "ArticleDrafted"
    /// `ArticleEvent.edited`
    case edited = "ArticleEdited"
    /// `ArticleEvent.submitted`
    case submitted = "ArticleSubmitted"
    /// `ArticleEvent.sentBack`
    case sentBack = "ArticleSentBack"
    /// `ArticleEvent.sentToFactCheck`
    case sentToFactCheck = "ArticleSentToFactCheck"
    /// `ArticleEvent.factCheckReopened`
    case factCheckReopened = "FactCheckReopened"
    /// `ArticleEvent.claimAdded`
    case claimAdded = "ClaimAdded"
    /// `ArticleEvent.verdictRecorded`
    case verdictRecorded = "VerdictRecorded"
    /// `ArticleEvent.verdictConfirmed`
    case verdictConfirmed = "VerdictConfirmed"
    /// `ArticleEvent.claimWithdrawn`
    case claimWithdrawn = "ClaimWithdrawn"
    /// `ArticleEvent.factCheckApproved`
    case factCheckApproved = "FactCheckApproved"
    /// `ArticleEvent.factCheckRejected`
    case factCheckRejected = "FactCheckRejected"
    /// `ArticleEvent.published`
    case published = "ArticlePublished"
    /// `ArticleEvent.corrected`
    case corrected = "ArticleCorrected"
    /// `ArticleEvent.retracted`
    case retracted = "ArticleRetracted"
    /// `ArticleEvent.takenDown`
    case takenDown = "ArticleTakenDown"
    /// `ArticleEvent.spiked`
    case spiked = "ArticleSpiked"
    /// `ArticleEvent.commented`
    case commented = "CommentAdded"
    /// `ArticleEvent.assigned`
    case assigned = "ArticleAssigned"
    /// `ArticleEvent.recalled`
    case recalled = "ArticleRecalled"
    /// `ArticleEvent.pulledBack`
    case pulledBack = "ArticlePulledBack"
    /// `ArticleEvent.unspiked`
    case unspiked = "ArticleUnspiked"
}
