import Coding
import Editorial
import Foundation
import Galley

/// A story's public page: what a reader sees, and what search engines and link previews read (a canonical link,
/// Open Graph tags, schema.org `NewsArticle` and a `ClaimReview` for each verdict on the public text).
struct NewsPage {
    var frame: Frame
    var text: StoryText
    var publicAt: String
    var corrections: [Note]
    var retracted: Bool
    var retraction: String?
    /// The story's permanent address, when the site's address is configured.
    var canonical: String?
    /// A line describing the story for link previews: its kicker, else the start of its body.
    var summary: String
    var publisher: String?
    /// The structured data, as JSON safe inside a script element.
    var structuredData: String?
    /// Where the proof that this revision is in the log's signed tree is, once a checkpoint covers it.
    var proof: String?

    init(_ view: StoryView, frame: Frame, site: PublicSite?, time: WebTime, now: Date = Date()) {
        self.frame = frame
        text = StoryText(view)
        publicAt = view.publicAt.map(time.format) ?? ""
        corrections = view.corrections.map { Note($0, time: time) }
        retracted = view.stage == Stage.retracted.rawValue
        retraction = view.closingReason
        // A retracted story's words are not repeated anywhere on its page, link previews included.
        let start = retracted ? "Retracted: \(view.closingReason ?? "")" : view.kicker ?? view.body.first ?? ""
        summary = start.count > 200 ? String(start.prefix(197)) + "…" : start
        guard let site else { return }
        let url = site.url(slug: view.slug)
        canonical = url
        publisher = site.publisher
        var article: [String: JSONValue] = [
            "@context": .string("https://schema.org"), "@type": .string("NewsArticle"),
            "headline": .string(view.headline), "url": .string(url), "mainEntityOfPage": .string(url),
            "inLanguage": .string(view.language),
            "author": .array(view.bylines.map { .object(["@type": .string("Person"), "name": .string($0)]) }),
            "publisher": .object(["@type": .string("Organization"), "name": .string(site.publisher)]),
        ]
        article["datePublished"] = view.publicAt.map { .string(Timestamp.rfc3339($0)) }
        article["dateModified"] = .string(Timestamp.rfc3339(NewsFeed.updated(view)))
        if retracted { article["articleBody"] = .string("Retracted: \(view.closingReason ?? "")") }
        var documents: [JSONValue] = [.object(article)]
        if let base = URL(string: site.baseURL) {
            // The fact-checker's login and working note stay in the newsroom: a page states the rating alone.
            documents += ClaimReviewDocument.make(
                view, publisher: ClaimReviewDocument.Publisher(name: site.publisher, baseURL: base), now: now
            ).map { review in
                guard case .object(var fields) = review else { return review }
                fields["contributor"] = nil
                fields["reviewBody"] = nil
                return .object(fields)
            }
        }
        // Inside a script element, "<" could end it: every one is written as an escape, which JSON reads alike.
        structuredData = JSONValue.array(documents).canonicalText.replacingOccurrences(of: "<", with: "\\u003c")
            .replacingOccurrences(of: ">", with: "\\u003e").replacingOccurrences(of: "&", with: "\\u0026")
    }
}

extension NewsPage: WebPageView {
    static let template = "news"
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "frame": { $0.frame },
        "text": { $0.text },
        "publicAt": { $0.publicAt },
        "corrections": { $0.corrections },
        "retracted": { $0.retracted },
        "retraction": { $0.retraction },
        "canonical": { $0.canonical },
        "summary": { $0.summary },
        "publisher": { $0.publisher },
        "structuredData": { $0.structuredData },
        "proof": { $0.proof },
    ]
}

/// The public site's index: the public record, newest first, each story a link to its page.
struct NewsIndexPage {
    struct Entry {
        var slug: String
        var text: StoryText
        var publicAt: String
        var retracted: Bool

        init(_ view: StoryView, time: WebTime) {
            slug = view.slug
            text = StoryText(view)
            publicAt = view.publicAt.map(time.format) ?? ""
            retracted = view.stage == Stage.retracted.rawValue
        }
    }

    var frame: Frame
    var stories: [Entry]
    var more: String?
}

extension NewsIndexPage: WebPageView {
    static let template = "news-index"
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "frame": { $0.frame },
        "stories": { $0.stories },
        "more": { $0.more },
    ]
}

extension NewsIndexPage.Entry: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "slug": { $0.slug },
        "text": { $0.text },
        "publicAt": { $0.publicAt },
        "retracted": { $0.retracted },
    ]
}

/// The page at the address of a story taken down (legal removal): 410 Gone, saying only that it was removed. It
/// names neither the story's headline nor the takedown's reason: the reason is legal advice or repeats what the
/// law removes (as the headline may), and is for the newsroom and its auditors alone.
struct NewsGonePage {
    var frame: Frame
    /// When it was removed.
    var removedAt: String
}

extension NewsGonePage: WebPageView {
    static let template = "news-gone"
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "frame": { $0.frame },
        "removedAt": { $0.removedAt },
    ]
}
