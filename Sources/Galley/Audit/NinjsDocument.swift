public import Coding
import Editorial
public import Foundation

/// A published story as an IPTC ninjs 2.2 news item (https://www.iptc.org/std/ninjs/ninjs-schema_2.2.json): what
/// exports carry and what the content API serves partners.
///
/// Mapping: `uri` is `urn:galley:article:ID`; `version` the revision; `firstcreated`, `versioncreated` and
/// `contentcreated` (an imported story's original publication) the story's times; `embargoed` its public time
/// while that is still ahead; `pubstatus` is the partners' status of where the story stands for readers
/// (`SubscriberProduct.pubstatus`: `canceled` once withdrawn, `usable` otherwise); the headline and kicker are
/// `headlines` with roles `main` and `kicker`; the body is `bodies` in plain text and HTML, with word and
/// character counts; the bylines are `by` (ninjs 2 has no list of bylines); the slug is `slugline`. Corrections,
/// clarifications and editor's notes are `descriptions` with roles `correction`, `clarification` and
/// `editors-note`, each dated, and a retraction's reason one with role `retraction`; the photo caption is a
/// `picture` association. With a publisher, each ClaimReview of the public text is a `trustindicators` link to
/// its place on the story's page.
public enum NinjsDocument {
    /// The ninjs version written, and its schema's address.
    static let standard: JSONValue = .object([
        "name": .string("ninjs"), "version": .string("2.2"),
        "schema": .string("http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"),
    ])

    /// The role of a trust indicator that links a ClaimReview.
    static let claimReviewRole = "https://schema.org/ClaimReview"

    /// The ninjs object of `story` as it stands at `now`; `publisher` gives its ClaimReviews' addresses.
    public static func make(
        _ story: StoryView, now: Date = Date(), publisher: ClaimReviewDocument.Publisher? = nil
    ) -> JSONValue {
        var item: [String: JSONValue] = [
            "uri": .string("urn:galley:article:\(story.id)"),
            "type": .string("text"),
            "version": .string(String(story.revision)),
            "pubstatus": .string(SubscriberProduct.pubstatus(story.publicity(at: now)) ?? "withheld"),
            "language": .string(story.language),
            "slugline": .string(story.slug),
            "by": .string(story.bylines.joined(separator: ", ")),
            "standard": standard,
        ]
        if let created = story.createdAt { item["firstcreated"] = time(created) }
        if let updated = story.updatedAt { item["versioncreated"] = time(updated) }
        if let original = story.originalPublicationTime { item["contentcreated"] = time(original) }
        if story.publicity(at: now) == .embargoed, let publicAt = story.publicAt { item["embargoed"] = time(publicAt) }
        var headlines: [JSONValue] = [.object(["role": .string("main"), "value": .string(story.headline)])]
        if let kicker = story.kicker {
            headlines.append(.object(["role": .string("kicker"), "value": .string(kicker)]))
        }
        item["headlines"] = .array(headlines)
        let text = story.body.joined(separator: "\n\n")
        let html = story.body.map { "<p>\(escaped($0))</p>" }.joined(separator: "\n")
        let words = Int64(story.body.reduce(0) { $0 + $1.split(whereSeparator: \.isWhitespace).count })
        item["bodies"] = .array([
            .object([
                "role": .string("main"), "contenttype": .string("text/plain"), "value": .string(text),
                "wordcount": .int(words), "charcount": .int(Int64(text.count)),
            ]),
            .object(["role": .string("main"), "contenttype": .string("text/html"), "value": .string(html)]),
        ])
        var descriptions: [JSONValue] = story.corrections.map { correction in
            .object([
                "role": .string(correction.kind == .editorsNote ? "editors-note" : correction.kind.rawValue),
                "contenttype": .string("text/plain"),
                "value": .string("\(correction.text) (\(Timestamp.rfc3339(correction.at)))"),
            ])
        }
        if story.stage == Stage.retracted.rawValue, let reason = story.closingReason {
            descriptions.append(
                .object([
                    "role": .string("retraction"), "contenttype": .string("text/plain"), "value": .string(reason),
                ]))
        }
        if !descriptions.isEmpty { item["descriptions"] = .array(descriptions) }
        if let caption = story.photoCaption {
            item["associations"] = .array([
                .object([
                    "name": .string("lead-photo"), "uri": .string("urn:galley:article:\(story.id):lead-photo"),
                    "type": .string("picture"),
                    "descriptions": .array([.object(["role": .string("caption"), "value": .string(caption)])]),
                ])
            ])
        }
        if let publisher {
            let links: [JSONValue] = ClaimReviewDocument.make(story, publisher: publisher, now: now).compactMap {
                guard case .string(let url)? = $0["url"], case .string(let claim)? = $0["claimReviewed"] else {
                    return nil
                }
                return .object([
                    "role": .string(claimReviewRole), "title": .string("Fact-check: \(claim)"), "href": .string(url),
                ])
            }
            if !links.isEmpty { item["trustindicators"] = .array(links) }
        }
        return .object(item)
    }

    static func time(_ date: Date) -> JSONValue { .string(Timestamp.rfc3339(date)) }

    static func escaped(_ text: String) -> String { MarkupText.escaped(text) }
}
