import Coding
import Editorial
import Foundation
import Galley

/// The schedule: embargoed stories by the time they go public, a day at a time, in the newsroom's zone (the
/// page's script shows the reader's own zone beside it when theirs differs).
struct SchedulePage {
    struct Day {
        var label: String
        var entries: [Entry]
    }

    struct Entry {
        var id: String
        var slug: String
        var headline: String
        var desk: String
        var author: String?
        /// The time of day it goes public, and the whole moment in RFC 3339 for the script.
        var clock: String
        var moment: String
        var words: String
    }

    var frame: Frame
    var days: [Day]
    var more: String?
    var none: Bool

    init(frame: Frame, page: Page<StorySummary>, time: WebTime) {
        self.frame = frame
        var days: [Day] = []
        for story in page.items {
            guard let at = story.publicAt else { continue }
            let entry = Entry(
                id: story.id, slug: story.slug, headline: story.headline, desk: story.desk, author: story.author,
                clock: time.clock(at), moment: Timestamp.rfc3339Seconds(at),
                words: "\(TextLength.grouped(story.wordCount)) words")
            let label = time.day(at)
            if days.last?.label == label {
                days[days.count - 1].entries.append(entry)
            } else {
                days.append(Day(label: label, entries: [entry]))
            }
        }
        self.days = days
        more = page.next.map { "/schedule?after=\($0)" }
        none = page.items.isEmpty
    }
}

extension SchedulePage: WebPageView {
    static let template = "schedule"
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "frame": { $0.frame },
        "days": { $0.days },
        "more": { $0.more },
        "none": { $0.none },
    ]
}

extension SchedulePage.Day: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "label": { $0.label },
        "entries": { $0.entries },
    ]
}

extension SchedulePage.Entry: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "id": { $0.id },
        "slug": { $0.slug },
        "headline": { $0.headline },
        "desk": { $0.desk },
        "author": { $0.author },
        "clock": { $0.clock },
        "moment": { $0.moment },
        "words": { $0.words },
    ]
}
