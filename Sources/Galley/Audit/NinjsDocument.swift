public import Coding
import Editorial
public import Foundation

/// A published story as an IPTC ninjs 2.0 news item (https://www.iptc.org/std/ninjs/ninjs-schema_2.0.json).
///
/// Mapping: `uri` is `urn:galley:article:ID`; `version` the revision; `firstcreated`, `versioncreated` and
/// `contentcreated` (an imported story's original publication) the story's times; `embargoed` its public time
/// while that is still ahead; `pubstatus` is `canceled` for a retracted or taken-down story and `usable`
/// otherwise (a taken-down story's item is its identity alone: no headline, text or notes); the
/// headline and kicker are `headlines` with roles `main` and `kicker`; the body is `bodies` in plain text and
/// HTML; bylines are `by`; the slug is `slugline`. Corrections, clarifications and editor's notes are
/// `descriptions` with roles `correction`, `clarification` and `editors-note`, and a retraction's reason one
/// with role `retraction`; the photo caption is a `picture` association.
public enum NinjsDocument {
    /// The ninjs object of `story` as it stands at `now`.
    public static func make(_ story: StoryView, now: Date = Date()) -> JSONValue {
        var item: [String: JSONValue] = [
            "uri": .string("urn:galley:article:\(story.id)"),
            "type": .string("text"),
            "version": .string(String(story.revision)),
            "pubstatus": .string(isCanceled(story) ? "canceled" : "usable"),
            "language": .string(story.language),
            "slugline": .string(story.slug),
            "standard": .object([
                "name": .string("ninjs"), "version": .string("2.0"),
                "schema": .string("http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json"),
            ]),
        ]
        if let created = story.createdAt { item["firstcreated"] = time(created) }
        if let updated = story.updatedAt { item["versioncreated"] = time(updated) }
        // A legal removal: a partner learns which item to withdraw, and is sent none of its words again.
        guard story.stage != Stage.takenDown.rawValue else { return .object(item) }
        item["by"] = .string(story.bylines.joined(separator: ", "))
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
                    "name": .string("lead-photo"), "type": .string("picture"),
                    "descriptions": .array([.object(["role": .string("caption"), "value": .string(caption)])]),
                ])
            ])
        }
        return .object(item)
    }

    /// Whether partners must withdraw the item: retracted, or taken down.
    static func isCanceled(_ story: StoryView) -> Bool {
        [Stage.retracted.rawValue, Stage.takenDown.rawValue].contains(story.stage)
    }

    static func time(_ date: Date) -> JSONValue { .string(Timestamp.rfc3339(date)) }

    static func escaped(_ text: String) -> String { MarkupText.escaped(text) }
}
