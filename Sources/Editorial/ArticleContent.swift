public import Foundation

/// What a story says and how it is filed.
public struct ArticleContent: Codable, Sendable, Hashable {
    /// The headline.
    public var headline: String
    /// A short line above the headline, if any.
    public var kicker: String?
    /// One or more bylines.
    public var bylines: [String]
    /// The body, one string a paragraph.
    public var body: [String]
    /// The story's address, unique among stories that are not spiked.
    public var slug: String
    /// The desk or section, such as `world`.
    public var desk: String
    /// The language, as a BCP 47 tag such as `en`.
    public var language: String
    /// The caption of the lead photo, if any.
    public var photoCaption: String?
    /// When the story was first published elsewhere, for imported stories.
    public var originalPublicationTime: Date?
    /// Where and when it was filed, as wire copy opens: `GENEVA, Dec 1 (Galley Wire)`.
    public var dateline: String?
    /// Who reported and edited it, as wire copy closes: `Reporting by ...; Editing by ...`.
    public var credits: String?

    /// Creates content.
    public init(
        headline: String, kicker: String? = nil, bylines: [String], body: [String], slug: String, desk: String,
        language: String = "en", photoCaption: String? = nil, originalPublicationTime: Date? = nil,
        dateline: String? = nil, credits: String? = nil
    ) {
        self.dateline = dateline
        self.credits = credits
        self.headline = headline
        self.kicker = kicker
        self.bylines = bylines
        self.body = body
        self.slug = slug
        self.desk = desk
        self.language = language
        self.photoCaption = photoCaption
        self.originalPublicationTime = originalPublicationTime
    }

    /// Why this content cannot be filed, or nil when it can.
    public var problem: String? {
        if headline.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return "the headline is empty" }
        if bylines.isEmpty || bylines.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            return "a story needs at least one byline, and no empty ones"
        }
        if body.isEmpty { return "the body has no paragraphs" }
        if let empty = body.firstIndex(where: { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) {
            return "paragraph \(empty + 1) of the body is empty"
        }
        if !ArticleContent.isValidSlug(slug) {
            return
                "the slug \"\(TextRule.echo(slug))\" must be lowercase letters, digits and hyphens, 1 to 120 characters"
        }
        if desk.trimmingCharacters(in: .whitespaces).isEmpty { return "the desk is empty" }
        if language.isEmpty || language.count > 35 { return "the language must be a tag such as en or pt-BR" }
        let fields: [(String, String?, Int)] =
            [
                ("the headline", headline, 300), ("the kicker", kicker, 200), ("the desk", desk, 60),
                ("the photo caption", photoCaption, 2_000), ("the language", language, 35),
            ]
            + bylines.map { ("a byline", $0, 200) } + body.enumerated().map { ("paragraph \($0 + 1)", $1, 20_000) }
        for (name, value, limit) in fields {
            if let value, let problem = TextRule.problem(value, field: name, maxLength: limit) { return problem }
        }
        if bylines.count > 20 { return "a story has at most 20 bylines" }
        if body.count > 2_000 { return "the body has more than 2000 paragraphs" }
        return nil
    }

    /// The content with every field trimmed (see `TextRule`); an empty kicker or caption is none.
    public var trimmed: ArticleContent {
        var result = self
        result.headline = TextRule.trimmed(headline)
        result.kicker = kicker.map(TextRule.trimmed).flatMap { $0.isEmpty ? nil : $0 }
        result.bylines = bylines.map(TextRule.trimmed)
        result.body = body.map(TextRule.trimmed)
        result.desk = TextRule.trimmed(desk)
        result.photoCaption = photoCaption.map(TextRule.trimmed).flatMap { $0.isEmpty ? nil : $0 }
        return result
    }

    /// Lowercase ASCII letters, digits and single hyphens, not at either end.
    public static func isValidSlug(_ slug: String) -> Bool {
        guard (1...120).contains(slug.count), !slug.hasPrefix("-"), !slug.hasSuffix("-"), !slug.contains("--") else {
            return false
        }
        return slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

/// A change to some fields of a story; fields left nil stay as they are.
public struct ContentChange: Codable, Sendable, Hashable {
    /// A new headline.
    public var headline: String?
    /// A new kicker; an empty string removes it.
    public var kicker: String?
    /// New bylines.
    public var bylines: [String]?
    /// A new body.
    public var body: [String]?
    /// A new desk.
    public var desk: String?
    /// A new photo caption; an empty string removes it.
    public var photoCaption: String?

    /// Creates a change.
    public init(
        headline: String? = nil, kicker: String? = nil, bylines: [String]? = nil, body: [String]? = nil,
        desk: String? = nil, photoCaption: String? = nil
    ) {
        self.headline = headline
        self.kicker = kicker
        self.bylines = bylines
        self.body = body
        self.desk = desk
        self.photoCaption = photoCaption
    }

    /// The change with every field trimmed (see `TextRule`); an empty kicker or caption still removes it.
    public var trimmed: ContentChange {
        ContentChange(
            headline: headline.map(TextRule.trimmed), kicker: kicker.map(TextRule.trimmed),
            bylines: bylines?.map(TextRule.trimmed), body: body?.map(TextRule.trimmed),
            desk: desk.map(TextRule.trimmed),
            photoCaption: photoCaption.map(TextRule.trimmed))
    }

    /// Whether the change alters the headline or the body of `content`, the text a fact-check sign-off covers.
    public func changesCheckedText(of content: ArticleContent) -> Bool {
        (headline.map { $0 != content.headline } ?? false) || (body.map { $0 != content.body } ?? false)
    }

    /// The content with this change applied.
    public func applied(to content: ArticleContent) -> ArticleContent {
        var result = content
        if let headline { result.headline = headline }
        if let kicker { result.kicker = kicker.isEmpty ? nil : kicker }
        if let bylines { result.bylines = bylines }
        if let body { result.body = body }
        if let desk { result.desk = desk }
        if let photoCaption { result.photoCaption = photoCaption.isEmpty ? nil : photoCaption }
        return result
    }

    /// Whether applying it would change anything.
    public func changes(_ content: ArticleContent) -> Bool { applied(to: content) != content }
}
