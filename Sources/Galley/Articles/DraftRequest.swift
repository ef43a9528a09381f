import Editorial
public import Foundation

/// What a person asks to file as a new story. What they leave out, the newsroom fills in the same way whichever
/// front end they use: the drafter's byline, a slug made from the headline (taking the next free `-2`, `-3`),
/// the `news` desk, English. (`galley draft` reads a desk from `GALLEY_DESK` first: a terminal's setting.)
public struct DraftRequest: Sendable, Hashable {
    /// The desk a story goes to when none is named.
    public static let defaultDesk = "news"

    /// The one field a request must have.
    public var headline: String
    /// The line above the headline, if any.
    public var kicker: String?
    /// Empty: the drafter's byline.
    public var bylines: [String]
    /// The paragraphs.
    public var body: [String]
    /// Nil: made from the headline, numbered when taken.
    public var slug: String?
    /// Nil: `defaultDesk`.
    public var desk: String?
    /// Nil: English.
    public var language: String?
    /// The lead photo's caption, if any.
    public var photoCaption: String?

    /// A request; every field but the headline may be left out.
    public init(
        headline: String, kicker: String? = nil, bylines: [String] = [], body: [String] = [], slug: String? = nil,
        desk: String? = nil, language: String? = nil, photoCaption: String? = nil
    ) {
        self.headline = headline
        self.kicker = kicker
        self.bylines = bylines
        self.body = body
        self.slug = slug
        self.desk = desk
        self.language = language
        self.photoCaption = photoCaption
    }

    /// The content to file for `user`, with every default filled in.
    func content(for user: User) -> ArticleContent {
        ArticleContent(
            headline: headline, kicker: kicker, bylines: bylines.isEmpty ? [user.byline] : bylines, body: body,
            slug: slug ?? StoryText.slug(for: headline), desk: desk ?? Self.defaultDesk, language: language ?? "en",
            photoCaption: photoCaption)
    }

    /// The id of a draft sent under `commandID` (an Idempotency-Key's, a form's one-time key): a retry lands on
    /// the same story.
    public static func id(for commandID: UUID) -> String { String(commandID.uuidString.lowercased().prefix(12)) }
}
