import Editorial
import EventStore
import Foundation

/// Stories as JSON values, written without `JSONEncoder`: read models encode every story they write, and the
/// encoder was most of a rebuild's time. `Decodable` reads the same text back (a test holds the two together).
extension StoryView {
    /// The story as a JSON object: the keys and time format `Codable` uses (snake_case, RFC 3339 with
    /// milliseconds), absent optionals left out.
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id), "version": .int(version), "stage": .string(stage), "revision": .int(Int64(revision)),
            "headline": .string(headline), "bylines": .array(bylines.map(JSONValue.string)),
            "body": .array(body.map(JSONValue.string)), "slug": .string(slug), "desk": .string(desk),
            "language": .string(language), "claims": .array(claims.map(Self.json)),
            "corrections": .array(corrections.map(Self.json)), "comments": .array(comments.map(Self.json)),
        ]
        object["kicker"] = kicker.map(JSONValue.string)
        object["photo_caption"] = photoCaption.map(JSONValue.string)
        object["original_publication_time"] = originalPublicationTime.map(Self.json)
        object["author"] = author.map(JSONValue.string)
        object["last_editor"] = lastEditor.map(JSONValue.string)
        object["assignee"] = assignee.map(JSONValue.string)
        object["sign_off"] = signOff.map(Self.json)
        object["public_at"] = publicAt.map(Self.json)
        object["closing_reason"] = closingReason.map(JSONValue.string)
        object["created_at"] = createdAt.map(Self.json)
        object["updated_at"] = updatedAt.map(Self.json)
        object["stage_since"] = stageSince.map(Self.json)
        return .object(object)
    }

    static func json(_ date: Date) -> JSONValue { .string(Timestamp.rfc3339Milliseconds(date)) }

    static func json(_ claim: Claim) -> JSONValue {
        var object: [String: JSONValue] = ["id": .string(claim.id), "text": .string(claim.text)]
        object["speaker"] = claim.speaker.map(JSONValue.string)
        object["source"] = claim.source.map(JSONValue.string)
        object["verdict"] = claim.verdict.map { verdict in
            .object([
                "rating": .string(verdict.rating.rawValue),
                "evidence": .array(verdict.evidence.map { .string($0.absoluteString) }), "note": .string(verdict.note),
                "by": .string(verdict.by), "at": json(verdict.at),
            ])
        }
        return .object(object)
    }

    static func json(_ signOff: SignOff) -> JSONValue {
        .object(["revision": .int(Int64(signOff.revision)), "by": .string(signOff.by), "at": json(signOff.at)])
    }

    static func json(_ correction: Correction) -> JSONValue {
        .object([
            "kind": .string(correction.kind.rawValue), "text": .string(correction.text),
            "revision": .int(Int64(correction.revision)), "by": .string(correction.by), "at": json(correction.at),
        ])
    }

    static func json(_ comment: Commented) -> JSONValue {
        .object(["text": .string(comment.text), "revision": .int(Int64(comment.revision)), "by": .string(comment.by)])
    }
}
