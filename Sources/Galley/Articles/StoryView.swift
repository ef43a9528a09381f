import Coding
public import Editorial
public import Foundation

/// A story as scripts and the HTTP service see it: one JSON object with snake_case keys and RFC 3339 times.
public struct StoryView: Decodable, Sendable, Hashable {
    /// The story's id.
    public var id: String
    /// Its stream version: the ETag of the HTTP service.
    public var version: Int64
    /// Its stage, such as `fact_check`.
    public var stage: String
    /// How many content changes it has had.
    public var revision: Int
    /// The revision that last changed headline or body: verdicts older than it must be confirmed.
    public var checkedTextRevision: Int
    /// The headline.
    public var headline: String
    /// The kicker, if any.
    public var kicker: String?
    /// The bylines.
    public var bylines: [String]
    /// The body, one string a paragraph.
    public var body: [String]
    /// The slug.
    public var slug: String
    /// The desk.
    public var desk: String
    /// The language tag.
    public var language: String
    /// The photo caption, if any.
    public var photoCaption: String?
    /// When it was first published elsewhere, for imports.
    public var originalPublicationTime: Date?
    /// Where and when wire copy was filed.
    public var dateline: String?
    /// Wire copy's reporting and editing credits.
    public var credits: String?
    /// Who drafted it.
    public var author: String?
    /// Who last changed its content.
    public var lastEditor: String?
    /// Who works on it now.
    public var assignee: String?
    /// The fact-check checklist with verdicts.
    public var claims: [Claim]
    /// Claims proposed when the story was filed, waiting for a fact-checker.
    public var proposedClaims: [Claim]?
    /// The sign-off of the current revision, if any.
    public var signOff: SignOff?
    /// When it became or becomes public.
    public var publicAt: Date?
    /// Its public correction log.
    public var corrections: [Correction]
    /// Why it was spiked or retracted.
    public var closingReason: String?
    /// Editorial comments.
    public var comments: [Commented]
    /// Why the story came back to its reporter or editors, while that is open.
    public var openNote: ReturnNote?
    /// When its first event was recorded.
    public var createdAt: Date?
    /// When its latest event was recorded.
    public var updatedAt: Date?
    /// When it entered its current stage.
    public var stageSince: Date?

    /// The view of `story`.
    public init(_ story: Story) {
        let article = story.article
        let content = article.content
        id = story.id
        version = article.version
        stage = article.stage?.rawValue ?? "none"
        revision = article.revision
        checkedTextRevision = article.checkedTextRevision
        headline = content?.headline ?? ""
        kicker = content?.kicker
        bylines = content?.bylines ?? []
        body = content?.body ?? []
        slug = content?.slug ?? ""
        desk = content?.desk ?? ""
        language = content?.language ?? ""
        photoCaption = content?.photoCaption
        originalPublicationTime = content?.originalPublicationTime
        dateline = content?.dateline
        credits = content?.credits
        author = article.author
        lastEditor = article.lastEditor
        assignee = article.assignee
        claims = article.claims
        proposedClaims = article.proposedClaims.isEmpty ? nil : article.proposedClaims
        signOff = article.signOff
        publicAt = article.publicAt
        corrections = article.corrections
        closingReason = article.closingReason
        comments = article.comments
        openNote = article.openNote
        createdAt = story.createdAt
        updatedAt = story.updatedAt
        stageSince = story.stageSince
    }

    /// How long the body is: words, characters, minutes to read.
    public var length: TextLength { TextLength(paragraphs: body) }

    /// Where `claim` stands for a sign-off of the current revision, as `decide` judges it.
    public func standing(of claim: Claim) -> ClaimStanding {
        ClaimStanding(
            of: claim, checkedTextRevision: checkedTextRevision,
            checkedText: ArticleContent(headline: headline, bylines: bylines, body: body, slug: slug, desk: desk)
                .checkedText)
    }

    /// Where the story stands for its readers at `moment`, by the rule `decide` and the SQL reads share.
    public func publicity(at moment: Date) -> Publicity {
        Publicity(stage: Stage(rawValue: stage), publicAt: publicAt, at: moment)
    }

    /// The view as JSON text (see `jsonValue`).
    public func json() -> String { jsonValue.canonicalText }
}
