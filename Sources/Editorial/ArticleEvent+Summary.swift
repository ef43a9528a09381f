public import Foundation

extension ArticleEvent {
    /// One line saying what happened, for histories and boards; the event's data holds the full detail.
    public var summary: String {
        switch self {
        case .drafted(let drafted):
            return
                "drafted \"\(Self.clip(drafted.content.headline))\" (\(Self.count(drafted.content.body.count, "paragraph")))"
        case .edited(let edited):
            return "revision \(edited.revision): changed \(Self.fields(of: edited.change))"
        case .submitted:
            return "submitted to the editors"
        case .sentBack(let sentBack):
            return "sent back: \(Self.clip(sentBack.note))"
        case .sentToFactCheck:
            return "sent to fact-check"
        case .factCheckReopened(let reopened):
            return "fact-check reopened: revision \(reopened.revision) changes signed-off revision "
                + "\(reopened.signedOffRevision)"
        case .claimAdded(let added):
            let speaker = added.claim.speaker.map { " (\($0))" } ?? ""
            return "claim \(added.claim.id)\(speaker): \(Self.clip(added.claim.text))"
        case .verdictRecorded(let recorded):
            return "claim \(recorded.claimId) rated \(recorded.verdict.rating.rawValue)"
        case .verdictConfirmed(let confirmed):
            return "claim \(confirmed.claimId): verdict confirmed for revision \(confirmed.revision)"
        case .claimWithdrawn(let withdrawn):
            return "claim \(withdrawn.claimId) withdrawn: \(Self.clip(withdrawn.reason))"
        case .factCheckApproved(let approved):
            let covered =
                approved.signOff.noClaims == true
                ? "stating it makes no claim to check"
                : "\(Self.count(approved.signOff.covered?.count ?? 0, "verdict"))"
            return "fact-check signed off revision \(approved.signOff.revision), \(covered)"
        case .factCheckRejected(let rejected):
            return "fact-check rejected: \(Self.clip(rejected.reasons.joined(separator: "; ")))"
        case .published(let published):
            return "published revision \(published.revision), public from "
                + published.publicAt.formatted(.iso8601)
        case .corrected(let corrected):
            return "\(corrected.correction.kind.rawValue), revision \(corrected.correction.revision): "
                + Self.clip(corrected.correction.text)
        case .retracted(let retracted):
            return "retracted: \(Self.clip(retracted.reason))"
        case .takenDown(let takenDown):
            return "taken down\(takenDown.wasPublic ? "" : " under embargo"): \(Self.clip(takenDown.reason))"
        case .spiked(let spiked):
            return "spiked: \(Self.clip(spiked.reason))"
        case .commented(let comment):
            return "comment on revision \(comment.revision): \(Self.clip(comment.text))"
        case .assigned(let assigned):
            return "assigned to \(assigned.assignee)"
        case .recalled:
            return "recalled to draft before the desk took it up"
        case .pulledBack:
            return "pulled back from fact-check to editing; claims and verdicts kept"
        case .unspiked(let unspiked):
            return "taken off the spike, back in \(unspiked.stage.label.lowercased())"
        }
    }

    /// The line for people, with times worded by `time`: a publication says what it did to an embargo (set it,
    /// moved it, lifted it), which needs the story as it stood `before` the event, recorded at `recordedAt`.
    public func summary(before: Article, recordedAt: Date, time: (Date) -> String) -> String {
        guard case .published(let published) = self else { return summary }
        // A second publication can only change an embargo: `decide` refuses it once the story is public.
        if before.stage == .published, let old = before.publicAt {
            return published.publicAt <= recordedAt
                ? "embargo lifted: public from \(time(published.publicAt))"
                : "embargo moved from \(time(old)) to \(time(published.publicAt))"
        }
        return published.publicAt > recordedAt
            ? "published revision \(published.revision) under embargo until \(time(published.publicAt))"
            : "published revision \(published.revision), public from \(time(published.publicAt))"
    }

    private static func fields(of change: ContentChange) -> String {
        let names: [(String, Bool)] = [
            ("headline", change.headline != nil), ("kicker", change.kicker != nil), ("bylines", change.bylines != nil),
            ("body", change.body != nil), ("desk", change.desk != nil), ("caption", change.photoCaption != nil),
        ]
        return names.filter(\.1).map(\.0).joined(separator: ", ")
    }

    /// `1 paragraph`, `2 paragraphs`.
    public static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

    private static func clip(_ text: String, to length: Int = 72) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count > length ? String(line.prefix(length - 3)) + "..." : line
    }
}
