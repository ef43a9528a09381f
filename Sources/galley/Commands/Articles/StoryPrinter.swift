import Coding
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
        if let caption = story.photoCaption { lines.append("Caption: \(caption)") }
        if let dateline = story.dateline { lines.append("Dateline: \(dateline)") }
        if let original = story.originalPublicationTime { lines.append("First published: \(time(original))") }
        if let note = story.openNote { lines += openNote(note) }
        lines.append("Length: \(story.length.summary)")
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
        if let reason = story.closingReason {
            lines.append("\(Stage(rawValue: story.stage)?.label ?? story.stage.capitalized): \(reason)")
        }
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

    /// `list`: a header and a row a story.
    static func list(_ stories: [StorySummary]) -> String {
        Columns.render(
            ["ID", "STAGE", "VERSION", "UPDATED", "DESK", "ASSIGNEE", "HEADLINE"],
            stories.map { story in
                [
                    story.id, story.stage.rawValue, "\(story.version)", time(story.updatedAt), story.desk,
                    story.assignee ?? "-", story.headline,
                ]
            })
    }

    /// The board: each column with its count, its stories oldest in their stage first.
    static func board(_ columns: [BoardColumn], now: Date) -> String {
        var sections: [String] = []
        for column in columns {
            var section = Terminal.paint("\(column.name.uppercased()) (\(column.count))", .bold)
            if !column.page.items.isEmpty {
                let rows = Columns.render(
                    ["ID", "DESK", "ASSIGNEE", "IN STAGE", "HEADLINE"],
                    column.page.items.map { story in
                        [
                            story.id, story.desk, story.assignee ?? "-",
                            duration(now.timeIntervalSince(story.stageSince)), story.headline,
                        ]
                    })
                section += "\n" + rows.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
                if column.count > column.page.items.count {
                    section += "\n  … and \(column.count - column.page.items.count) more"
                }
            }
            sections.append(section)
        }
        return sections.joined(separator: "\n")
    }

    /// A story's history: a header and a row an event (position, version, time, actor, type, what happened),
    /// for the events `shown` of the story's.
    static func history(_ story: Story, shown: ArraySlice<RecordedEvent>? = nil) -> String {
        let lines = story.historyLines(time: Timestamp.rfc3339Seconds)
        return Columns.render(
            ["POSITION", "VERSION", "TIME", "ACTOR", "TYPE", "WHAT"],
            zip(story.events, lines).filter { event, _ in shown.map { $0.contains(event) } ?? true }.map {
                event, line in
                [
                    "#\(event.position)", "v\(event.version)",
                    Timestamp.rfc3339(microseconds: event.recordedAtMicroseconds),
                    (try? event.metadata().actor) ?? "?", event.type, line,
                ]
            })
    }

    /// A diff for people: fields old → new, the headline, and the body's changed paragraphs with one paragraph
    /// of context either side (`…` where paragraphs are left out), removals red and additions green.
    static func diff(_ diff: RevisionDiff, id: String) -> String {
        var lines = ["\(id): revision \(diff.from) → \(diff.to)\(diff.isEmpty ? ": no change" : "")"]
        for change in diff.fields {
            lines.append("\(change.field): \(change.old ?? "(none)") → \(change.new ?? "(none)")")
        }
        lines.append("headline: " + marked(diff.headline))
        lines.append("body:")
        let paragraphs = splitParagraphs(diff.body)
        let changed = paragraphs.indices.filter { index in
            paragraphs[index].contains { if case .same = $0 { false } else { true } }
        }
        let shown = Set(changed.flatMap { [$0 - 1, $0, $0 + 1] }).filter(paragraphs.indices.contains)
        var skipped = false
        for index in paragraphs.indices {
            guard shown.contains(index) else {
                if !skipped { lines.append("  …") }
                skipped = true
                continue
            }
            skipped = false
            lines.append("  " + marked(paragraphs[index]))
        }
        return lines.joined(separator: "\n")
    }

    /// Segments with `[-removed-]` and `{+added+}` marks, coloured on a terminal.
    static func marked(_ segments: [WordDiff.Segment]) -> String {
        segments.map { segment in
            switch segment {
            case .same(let text): text
            case .removed(let text): Terminal.paint("[-\(text)-]", .red)
            case .added(let text): Terminal.paint("{+\(text)+}", .green)
            }
        }.joined(separator: " ")
    }

    /// The body's segments cut at paragraph breaks, one list a paragraph of the later revision.
    static func splitParagraphs(_ segments: [WordDiff.Segment]) -> [[WordDiff.Segment]] {
        var paragraphs: [[WordDiff.Segment]] = [[]]
        for segment in segments {
            let (text, make): (String, (String) -> WordDiff.Segment) =
                switch segment {
                case .same(let text): (text, { .same($0) })
                case .removed(let text): (text, { .removed($0) })
                case .added(let text): (text, { .added($0) })
                }
            let pieces = text.components(separatedBy: WordDiff.paragraphBreak)
            for (offset, piece) in pieces.enumerated() {
                if offset > 0 { paragraphs.append([]) }
                let trimmed = piece.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty { paragraphs[paragraphs.count - 1].append(make(trimmed)) }
            }
        }
        return paragraphs.filter { !$0.isEmpty }
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
