public import Coding
import Editorial
public import Foundation

/// A fact-check verdict as schema.org ClaimReview JSON-LD (https://schema.org/ClaimReview).
///
/// `claimReviewed` is the claim's text; `itemReviewed` a `Claim` whose `author` is the speaker (when the story
/// names one) and whose `appearance` is the story at its public URL; `author` the publishing organization and
/// `contributor` the fact-checker; `url` the review's place on the story's page; `reviewRating` a `Rating` on a
/// scale of 1 (inaccurate) to 3 (accurate) with misleading at 2, each with its name in `alternateName`
/// (unverifiable has a name and no value); `reviewBody` the note; `citation` the evidence links.
public enum ClaimReviewDocument {
    /// Who publishes the reviews, and where its stories are read: what ClaimReview consumers require.
    public struct Publisher: Sendable, Hashable {
        /// The organization's name.
        public var name: String
        /// The public site's address: a story's page is this followed by `/news/` and its slug.
        public var baseURL: URL

        /// Creates a publisher.
        public init(name: String, baseURL: URL) {
            self.name = name
            self.baseURL = baseURL
        }

        /// A story's public address.
        func url(of story: StoryView) -> String {
            baseURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/news/" + story.slug
        }
    }

    /// The ClaimReview of every claim of `story` whose verdict judged the text the public reads: nothing for a
    /// story that is not public at `now` (embargoed, retracted, never published), nor for a withdrawn claim or
    /// one whose words a correction changed. A verdict from before a correction still stands for a claim whose
    /// words the story still says verbatim.
    public static func make(_ story: StoryView, publisher: Publisher, now: Date = Date()) -> [JSONValue] {
        guard story.publicity(at: now) == .public, let publicAt = story.publicAt else { return [] }
        let page = publisher.url(of: story)
        return story.claims.compactMap { claim in
            let standing = story.standing(of: claim)
            guard let verdict = claim.verdict, standing == .current || (standing == .outdated && claim.anchored == true)
            else { return nil }
            var rating: [String: JSONValue] = [
                "@type": .string("Rating"), "bestRating": .int(3), "worstRating": .int(1),
                "alternateName": .string(name(of: verdict.rating)),
            ]
            if let value = value(of: verdict.rating) { rating["ratingValue"] = .int(value) }
            var item: [String: JSONValue] = [
                "@type": .string("Claim"),
                "appearance": .object([
                    "@type": .string("NewsArticle"), "identifier": .string("urn:galley:article:\(story.id)"),
                    "headline": .string(story.headline), "url": .string(page),
                    "datePublished": .string(Timestamp.rfc3339(publicAt)),
                ]),
            ]
            if let speaker = claim.speaker {
                item["author"] = .object(["@type": .string("Person"), "name": .string(speaker)])
            }
            return .object([
                "@context": .string("https://schema.org"),
                "@type": .string("ClaimReview"),
                "identifier": .string("urn:galley:article:\(story.id)#\(claim.id)"),
                "claimReviewed": .string(claim.text),
                "itemReviewed": .object(item),
                "url": .string("\(page)#claim-\(claim.id)"),
                "author": .object([
                    "@type": .string("Organization"), "name": .string(publisher.name),
                    "url": .string(publisher.baseURL.absoluteString),
                ]),
                "contributor": .object(["@type": .string("Person"), "name": .string(verdict.by)]),
                "datePublished": .string(Timestamp.rfc3339(verdict.at)),
                "reviewRating": .object(rating),
                "reviewBody": .string(verdict.note),
                "citation": .array(verdict.evidence.map { .string($0.absoluteString) }),
            ])
        }
    }

    static func value(of rating: Rating) -> Int64? {
        switch rating {
        case .inaccurate: 1
        case .misleading: 2
        case .accurate: 3
        case .unverifiable: nil
        }
    }

    static func name(of rating: Rating) -> String {
        switch rating {
        case .accurate: "Accurate"
        case .inaccurate: "Inaccurate"
        case .misleading: "Misleading"
        case .unverifiable: "Unverifiable"
        }
    }
}
