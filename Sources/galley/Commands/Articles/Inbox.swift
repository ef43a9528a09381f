import ArgumentParser
import Coding
import Editorial
import Foundation
import Galley

/// `galley inbox`: what the newsroom's work asks of the acting user, newest first, and marking it read.
struct Inbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List what asks something of you, newest first; --mark-read marks it read.",
        discussion: """
            Your inbox holds stories sent back to you or assigned to you, verdicts and comments on stories you \
            wrote, comments that name you (@NAME), and, for fact-checkers, every story that enters fact-check; \
            never what you did yourself. Unread items are marked with *. When there is more, standard error \
            says how to ask for the next page. With --json, one object an item (JSON lines).

            --mark-read marks everything up to the newest item read (or up to --through, an item's position), \
            and prints how far the inbox is read and how many items are still unread.

            Examples:
              galley inbox --as ana
              galley inbox --as ana --unread --json
              galley inbox --as ana --mark-read
            """)

    @Flag(help: "Only the unread items.")
    var unread = false

    @Flag(name: .customLong("mark-read"), help: "Mark the inbox read instead of listing it.")
    var markRead = false

    @Option(
        help: ArgumentHelp("With --mark-read: read up to this item's position, not the newest.", valueName: "POSITION"))
    var through: Int64?

    @Option(help: ArgumentHelp("At most this many (default 50, at most 200).", valueName: "N"))
    var limit: Int?

    @Option(help: ArgumentHelp("The page after this cursor, as the previous page named it.", valueName: "CURSOR"))
    var after: String?

    @OptionGroup var options: ReadOptions

    func validate() throws {
        if through != nil, !markRead { throw ValidationError("--through goes with --mark-read") }
        if markRead, unread || limit != nil || after != nil {
            throw ValidationError("--mark-read lists nothing: leave out --unread, --limit and --after")
        }
        if let through, through < 0 { throw ValidationError("--through is a position of the log, 0 or more") }
        _ = try PageCursor.limit(limit)
    }

    func run() async throws {
        try await NewsroomRun.reading(options) { readModels, _, user in
            if markRead {
                let mark = try await readModels.markInboxRead(for: user, through: through)
                print(
                    options.output.json
                        ? mark.jsonValue.canonicalText : "read through \(mark.readThrough); \(mark.unread) unread")
                return
            }
            let page = try await readModels.inbox(
                for: user, unreadOnly: unread, limit: try PageCursor.limit(limit), after: after)
            options.output.show(page.items, json: \.jsonValue, text: Self.text)
            FilterOptions.announce(next: page.next, "galley inbox")
        }
    }

    /// The items for people: one line each, unread ones starred, with what the note or comment says below.
    static func text(_ items: [InboxItem]) -> String {
        guard !items.isEmpty else { return "Nothing in your inbox." }
        return items.map { item in
            let story = item.slug.map { "\(item.articleID) \($0)" } ?? item.articleID
            var line =
                "\(item.unread ? "*" : " ") \(item.position)  \(StoryPrinter.time(item.at))  \(story): "
                + "\(item.actor) \(item.reason.phrase)"
            if let headline = item.headline { line += "\n      \(headline)" }
            if let text = item.text { line += "\n      “\(text)”" }
            return line
        }.joined(separator: "\n")
    }
}
