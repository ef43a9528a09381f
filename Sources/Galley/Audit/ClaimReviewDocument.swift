import Editorial
import EventStore
import Foundation

/// A fact-check verdict as schema.org ClaimReview JSON-LD (https://schema.org/ClaimReview).
///
/// `claimReviewed` is the claim's text; `itemReviewed` a `Claim` whose `author` is the speaker (when the story
/// names one) and whose `appearance` is the story; `author` the fact-checker; `reviewRating` a `Rating` on a
/// scale of 1 (inaccurate) to 3 (accurate) with misleading at 2, each with its name in `alternateName`
/// (unverifiable has a name and no value); `reviewBody` the note; `citation` the evidence links.
public enum ClaimReviewDocument {
    /// The ClaimReview of every claim of `story` that has a verdict.
    public static func make(_ story: StoryView) -> [JSONValue] {
        story.claims.compactMap { claim in
            guard let verdict = claim.verdict else { return nil }
            var rating: [String: JSONValue] = [
                "@type": .string("Rating"), "bestRating": .int(3), "worstRating": .int(1),
                "alternateName": .string(name(of: verdict.rating)),
            ]
            if let value = value(of: verdict.rating) { rating["ratingValue"] = .int(value) }
            var item: [String: JSONValue] = [
                "@type": .string("Claim"),
                "appearance": .object([
                    "@type": .string("NewsArticle"), "identifier": .string("urn:galley:article:\(story.id)"),
                    "headline": .string(story.headline),
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
                "author": .object(["@type": .string("Person"), "name": .string(verdict.by)]),
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
