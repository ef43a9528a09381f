public import Coding
import Editorial
public import Foundation

/// The public record as feeds: Atom 1.0 (RFC 4287) and JSON Feed 1.1, newest first, with the next page linked
/// (RFC 5005) and retracted and taken-down stories as tombstones (RFC 6721 in Atom; an item saying so in JSON
/// Feed).
public struct NewsFeed: Sendable {
    /// The feed's title.
    public var title: String
    /// The site's base address (no trailing slash), or "" for addresses relative to the server.
    public var base: String
    /// The desk whose stories these are; nil: every desk's.
    public var desk: String?
    /// The stories of this page, newest first, as the public record has them.
    public var stories: [StoryView]
    /// The next (older) page's cursor.
    public var next: String?
    /// Retracted and taken-down stories older than this are left out rather than shown as tombstones.
    public var tombstoneWindow: TimeInterval
    /// The time the feed is made at.
    public var now: Date

    /// A feed of `stories`.
    public init(
        title: String, base: String, desk: String? = nil, stories: [StoryView], next: String?,
        tombstoneWindow: TimeInterval = 30 * 86_400, now: Date = Date()
    ) {
        self.title = title
        self.base = base
        self.desk = desk
        self.stories = stories
        self.next = next
        self.tombstoneWindow = tombstoneWindow
        self.now = now
    }

    /// The path of the public index of `desk`, or of every desk: `/news/desk/Local%20news`, `/news`.
    public static func home(desk: String?) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return desk.map { "/news/desk/" + ($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "") } ?? "/news"
    }

    /// A story's permanent id: it never changes, whatever the story's address.
    static func id(_ story: StoryView) -> String { "urn:galley:article:\(story.id)" }

    func url(_ story: StoryView) -> String { "\(base)/news/\(story.slug)" }

    static func isRetracted(_ story: StoryView) -> Bool { story.stage == Stage.retracted.rawValue }

    static func isTakenDown(_ story: StoryView) -> Bool { story.stage == Stage.takenDown.rawValue }

    /// Whether a story in `stage` is shown as a tombstone: retracted, or taken down.
    static func isTombstone(stage: String) -> Bool {
        stage == Stage.retracted.rawValue || stage == Stage.takenDown.rawValue
    }

    /// When what readers see of a story last changed: its last correction, its retraction or takedown, or its
    /// publication.
    public static func updated(_ story: StoryView) -> Date {
        if isTombstone(stage: story.stage), let closed = story.stageSince { return closed }
        return story.corrections.last?.at ?? story.publicAt ?? story.updatedAt ?? Date(timeIntervalSince1970: 0)
    }

    /// The stories shown: public ones, and tombstones within the window.
    var shown: [StoryView] {
        stories.filter { Self.shows(stage: $0.stage, changedAt: Self.updated($0), at: now, window: tombstoneWindow) }
    }

    /// Whether a feed made at `now` shows a story in `stage` whose public side last changed at `changedAt`: a
    /// withdrawn story only as a tombstone within `window`.
    public static func shows(stage: String, changedAt: Date, at now: Date, window: TimeInterval) -> Bool {
        !isTombstone(stage: stage) || now.timeIntervalSince(changedAt) <= window
    }

    /// The feed as Atom XML.
    public func atom(selfPath: String) -> String {
        let escaped = MarkupText.escaped
        let time = { (date: Date) in Timestamp.rfc3339(date) }
        // An empty feed's time is fixed, so that its tag does not change from one second to the next.
        let newest = shown.map(Self.updated).max() ?? Date(timeIntervalSince1970: 0)
        let home = base + Self.home(desk: desk)
        var xml = #"<?xml version="1.0" encoding="utf-8"?>"# + "\n"
        xml += #"<feed xmlns="http://www.w3.org/2005/Atom" xmlns:at="http://purl.org/atompub/tombstones/1.0">"#
        // Each feed has its own id: the site-wide one and each desk's are different feeds.
        xml += "<id>\(escaped(base.isEmpty ? "urn:galley:news" + (desk.map { ":desk:" + $0 } ?? "") : home))</id>"
        xml += "<title>\(escaped(title))</title><updated>\(time(newest))</updated>"
        xml += #"<link rel="self" href="\#(escaped(base + selfPath))"/>"#
        xml += #"<link rel="alternate" type="text/html" href="\#(escaped(home))"/>"#
        if let next {
            let path = selfPath.split(separator: "?").first.map(String.init) ?? selfPath
            xml += #"<link rel="next" href="\#(escaped(base + path + "?after=" + next))"/>"#
        }
        xml += "<author><name>\(escaped(title))</name></author>"
        for story in shown {
            if Self.isTombstone(stage: story.stage) {
                xml += #"<at:deleted-entry ref="\#(escaped(Self.id(story)))" when="\#(time(Self.updated(story)))">"#
                // A takedown's address spells its headline's words: the tombstone names the story by its id only.
                if !Self.isTakenDown(story) { xml += #"<link href="\#(escaped(url(story)))"/>"# }
                xml += "<at:comment>\(escaped(Self.tombstoneText(story)))</at:comment>"
                xml += "</at:deleted-entry>"
                continue
            }
            xml += "<entry><id>\(escaped(Self.id(story)))</id>"
            xml += #"<title type="text">\#(escaped(story.headline))</title>"#
            xml += #"<link rel="alternate" type="text/html" href="\#(escaped(url(story)))"/>"#
            if let publicAt = story.publicAt { xml += "<published>\(time(publicAt))</published>" }
            xml += "<updated>\(time(Self.updated(story)))</updated>"
            for byline in story.bylines { xml += "<author><name>\(escaped(byline))</name></author>" }
            if let kicker = story.kicker { xml += #"<summary type="text">\#(escaped(kicker))</summary>"# }
            var html = story.body.map { "<p>\(escaped($0))</p>" }.joined()
            for correction in story.corrections {
                html +=
                    "<p><strong>\(escaped(correction.kind.rawValue)) (\(time(correction.at)))</strong>: "
                    + "\(escaped(correction.text))</p>"
            }
            xml += #"<content type="html" xml:lang="\#(escaped(story.language))">\#(escaped(html))</content>"#
            xml += "</entry>"
        }
        return xml + "</feed>\n"
    }

    /// What a tombstone says. A retraction's reason is public; a takedown's is not: it is legal advice or names
    /// what the law removes (the headline may be that too), so readers learn only that the story was removed.
    static func tombstoneText(_ story: StoryView) -> String {
        isTakenDown(story) ? "This story was removed." : "Retracted: " + (story.closingReason ?? "")
    }

    /// The feed as JSON Feed 1.1.
    public func json(selfPath: String) -> JSONValue {
        let time = { (date: Date) in JSONValue.string(Timestamp.rfc3339(date)) }
        var feed: [String: JSONValue] = [
            "version": .string("https://jsonfeed.org/version/1.1"), "title": .string(title),
            "home_page_url": .string(base + Self.home(desk: desk)), "feed_url": .string(base + selfPath),
        ]
        if let next {
            let path = selfPath.split(separator: "?").first.map(String.init) ?? selfPath
            feed["next_url"] = .string(base + path + "?after=" + next)
        }
        feed["items"] = .array(
            shown.map { story in
                var item: [String: JSONValue] = [
                    "id": .string(Self.id(story)), "url": .string(url(story)),
                    "date_modified": time(Self.updated(story)), "language": .string(story.language),
                ]
                item["date_published"] = story.publicAt.map(time)
                if Self.isTakenDown(story) {
                    // As on its page: neither the headline nor the reason (see `tombstoneText`).
                    item["url"] = nil
                    item["title"] = .string("Removed")
                    item["content_text"] = .string(Self.tombstoneText(story))
                    item["_galley"] = .object(["taken_down": .bool(true)])
                    return .object(item)
                }
                if Self.isRetracted(story) {
                    item["title"] = .string("Retracted: \(story.headline)")
                    item["content_text"] = .string("This story was retracted: \(story.closingReason ?? "")")
                    item["_galley"] = .object(["retracted": .bool(true)])
                    return .object(item)
                }
                item["title"] = .string(story.headline)
                item["authors"] = .array(story.bylines.map { .object(["name": .string($0)]) })
                item["content_text"] = .string(
                    (story.body + story.corrections.map { "\($0.kind.rawValue): \($0.text)" }).joined(separator: "\n\n")
                )
                item["summary"] = story.kicker.map(JSONValue.string)
                return .object(item)
            })
        return .object(feed)
    }
}
