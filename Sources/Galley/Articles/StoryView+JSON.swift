public import Coding
public import Editorial
import Foundation

/// Stories as JSON values, written without `JSONEncoder`: read models encode every story they write, and the
/// encoder was most of a rebuild's time. `Decodable` reads the same text back (a test holds the two together).
extension StoryView {
    /// The story as a JSON object: the keys and time format `Codable` uses (snake_case, RFC 3339 with
    /// milliseconds), absent optionals left out.
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id), "version": .int(version), "stage": .string(stage), "revision": .int(Int64(revision)),
            "checked_text_revision": .int(Int64(checkedTextRevision)),
            "headline": .string(headline), "bylines": .array(bylines.map(JSONValue.string)),
            "body": .array(body.map(JSONValue.string)), "slug": .string(slug), "desk": .string(desk),
            "language": .string(language), "claims": .array(claims.map { Self.json($0, standing: standing(of: $0)) }),
            "corrections": .array(corrections.map(Self.json)), "comments": .array(comments.map(Self.json)),
        ]
        let length = length
        object["word_count"] = .int(Int64(length.words))
        object["char_count"] = .int(Int64(length.characters))
        object["reading_minutes"] = .int(Int64(length.readingMinutes))
        object["kicker"] = kicker.map(JSONValue.string)
        object["photo_caption"] = photoCaption.map(JSONValue.string)
        object["original_publication_time"] = originalPublicationTime.map(Self.json)
        object["dateline"] = dateline.map(JSONValue.string)
        object["credits"] = credits.map(JSONValue.string)
        object["author"] = author.map(JSONValue.string)
        object["last_editor"] = lastEditor.map(JSONValue.string)
        object["assignee"] = assignee.map(JSONValue.string)
        object["sign_off"] = signOff.map(Self.json)
        object["public_at"] = publicAt.map(Self.json)
        object["closing_reason"] = closingReason.map(JSONValue.string)
        object["created_at"] = createdAt.map(Self.json)
        object["updated_at"] = updatedAt.map(Self.json)
        object["stage_since"] = stageSince.map(Self.json)
        object["open_note"] = openNote.map(Self.json)
        object["proposed_claims"] = proposedClaims.map { .array($0.map { Self.json($0, standing: .open) }) }
        return .object(object)
    }

    /// One claim of this story as JSON, with its standing: what `fact-check claim list --json` prints.
    public func json(_ claim: Claim) -> JSONValue { Self.json(claim, standing: standing(of: claim)) }

    static func json(_ date: Date) -> JSONValue { .string(Timestamp.rfc3339Seconds(date)) }

    static func json(_ claim: Claim, standing: ClaimStanding) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(claim.id), "text": .string(claim.text), "standing": .string(standing.rawValue),
        ]
        object["speaker"] = claim.speaker.map(JSONValue.string)
        object["source"] = claim.source.map(JSONValue.string)
        object["anchored"] = claim.anchored.map(JSONValue.bool)
        object["verdict"] = claim.verdict.map { verdict in
            var object: [String: JSONValue] = [
                "rating": .string(verdict.rating.rawValue),
                "evidence": .array(verdict.evidence.map { .string($0.absoluteString) }), "note": .string(verdict.note),
                "by": .string(verdict.by), "at": json(verdict.at),
            ]
            object["revision"] = verdict.revision.map { .int(Int64($0)) }
            object["confirmed_by"] = verdict.confirmedBy.map(JSONValue.string)
            object["confirmed_at"] = verdict.confirmedAt.map(json)
            return .object(object)
        }
        object["withdrawal"] = claim.withdrawal.map { withdrawal in
            .object([
                "claim_id": .string(withdrawal.claimId), "reason": .string(withdrawal.reason),
                "by": .string(withdrawal.by), "at": json(withdrawal.at),
            ])
        }
        return .object(object)
    }

    static func json(_ signOff: SignOff) -> JSONValue {
        var object: [String: JSONValue] = [
            "revision": .int(Int64(signOff.revision)), "by": .string(signOff.by), "at": json(signOff.at),
        ]
        object["covered"] = signOff.covered.map { covered in
            .array(
                covered.map {
                    .object([
                        "claim_id": .string($0.claimId), "rating": .string($0.rating.rawValue),
                        "revision": .int(Int64($0.revision)), "by": .string($0.by),
                    ])
                })
        }
        object["no_claims"] = signOff.noClaims.map(JSONValue.bool)
        return .object(object)
    }

    static func json(_ note: ReturnNote) -> JSONValue {
        var object: [String: JSONValue] = [
            "kind": .string(note.kind.rawValue), "lines": .array(note.lines.map(JSONValue.string)),
            "by": .string(note.by),
        ]
        object["at"] = note.at.map(json)
        return .object(object)
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
