import Editorial
import EventStore
import Foundation
import Galley

/// Stories, boards and histories as text for people at a terminal.
enum StoryPrinter {
    /// The whole story: where it stands, its content, its checklist, sign-off, corrections and comments.
    static func story(_ story: StoryView) -> String {
        var lines = ["\(story.id)  [\(story.stage)]  version \(story.version), revision \(story.revision)"]
        if let kicker = story.kicker { lines.append(kicker.uppercased()) }
        lines.append(story.headline)
        lines.append("By \(story.bylines.joined(separator: ", ")) · \(story.desk) · \(story.language) · \(story.slug)")
        if let caption = story.photoCaption { lines.append("Photo: \(caption)") }
        if let dateline = story.dateline { lines.append("Dateline: \(dateline)") }
        if let original = story.originalPublicationTime { lines.append("First published: \(time(original))") }
        if let note = story.openNote { lines += openNote(note) }
        lines.append("")
        lines += story.body.flatMap { [$0, ""] }
        if !story.claims.isEmpty {
            lines.append("Claims:")
            lines += story.claims.map { "  " + claim($0, in: story) }
        }
        if let proposed = story.proposedClaims {
            lines.append("Proposed claims, waiting for a fact-checker to add them:")
            lines += proposed.map { "  \($0.id)  \($0.text)" + ($0.speaker.map { " — \($0)" } ?? "") }
        }
        if let signOff = story.signOff {
            let covered =
                signOff.noClaims == true
                ? ", stating the story makes no claim to check"
                : signOff.covered.map { ", covering \(ArticleEvent.count($0.count, "verdict"))" } ?? ""
            lines.append("Signed off: revision \(signOff.revision) by \(signOff.by) at \(time(signOff.at))\(covered)")
        }
        if let publicAt = story.publicAt { lines.append("Public from: \(time(publicAt))") }
        for correction in story.corrections {
            lines.append(
                "\(correction.kind.rawValue) (revision \(correction.revision), \(correction.by), "
                    + "\(time(correction.at))): \(correction.text)")
        }
        if let credits = story.credits { lines.append("Credits: \(credits)") }
        if let reason = story.closingReason { lines.append("\(story.stage.capitalized): \(reason)") }
        for comment in story.comments {
            lines.append("Comment by \(comment.by) on revision \(comment.revision): \(comment.text)")
        }
        if let assignee = story.assignee { lines.append("Assigned to: \(assignee)") }
        lines.append("Author: \(story.author ?? "?"), last edited by \(story.lastEditor ?? "?")")
        return lines.joined(separator: "\n")
    }

    /// Why the story came back, with who and when.
    static func openNote(_ note: ReturnNote) -> [String] {
        let what = note.kind == .sentBack ? "Sent back" : "Fact-check rejected"
        let when = note.at.map { " at \(time($0))" } ?? ""
        return ["\(what) by \(note.by)\(when):"] + note.lines.map { "  - \($0)" }
    }

    /// One claim: id, where it stands, the rating with who ruled and on which revision, text and speaker.
    static func claim(_ claim: Claim, in story: StoryView) -> String {
        let standing = story.standing(of: claim)
        var status = standing.rawValue.replacingOccurrences(of: "_", with: " ")
        if let verdict = claim.verdict, standing != .withdrawn {
            status = "\(verdict.rating.rawValue) (\(verdict.by), r\(verdict.revision ?? 0))"
            if standing != .current { status += " " + standing.rawValue.replacingOccurrences(of: "_", with: " ") }
        }
        let speaker = claim.speaker.map { " — \($0)" } ?? ""
        let withdrawn = claim.withdrawal.map { " [withdrawn by \($0.by): \($0.reason)]" } ?? ""
        return
            "\(claim.id)  \(status.padding(toLength: 34, withPad: " ", startingAt: 0))  \(claim.text)\(speaker)\(withdrawn)"
    }

    /// One row of `list`.
    static func row(_ story: StoryView) -> String {
        [
            story.id, story.stage.padding(toLength: 10, withPad: " ", startingAt: 0),
            "v\(story.version)".padding(toLength: 5, withPad: " ", startingAt: 0),
            story.updatedAt.map(time) ?? "-", story.headline,
        ].joined(separator: "  ")
    }

    /// The board: stories by stage in the workflow's order, with how long each has been there.
    static func board(_ entries: [BoardEntry], now: Date) -> String {
        var lines: [String] = []
        for stage in Stage.allCases {
            let here = entries.filter { $0.stage == stage }
            lines.append("\(stage.rawValue.uppercased()) (\(here.count))")
            for entry in here {
                let assignee = entry.assignee.map { " · \($0)" } ?? ""
                lines.append(
                    "  \(entry.articleID)  \(entry.headline)\(assignee) · "
                        + "\(duration(now.timeIntervalSince(entry.stageSince))) in stage")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// One line of a story's history: position, version, time, actor, type and what happened.
    static func history(_ event: RecordedEvent) -> String {
        let actor = (try? event.metadata().actor) ?? "?"
        let summary =
            (try? ArticleEvent.decode(event).summary) ?? event.data
        return "#\(event.position)  v\(event.version)  \(Timestamp.rfc3339(microseconds: event.recordedAtMicroseconds))"
            + "  \(actor)  \(event.type)  \(summary)"
    }

    static func time(_ date: Date) -> String { Timestamp.rfc3339(date) }

    static func duration(_ seconds: TimeInterval) -> String {
        let seconds = max(0, Int(seconds))
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3_600 { return "\(seconds / 60)m" }
        if seconds < 86_400 { return "\(seconds / 3_600)h \(seconds % 3_600 / 60)m" }
        return "\(seconds / 86_400)d \(seconds % 86_400 / 3_600)h"
    }
}
