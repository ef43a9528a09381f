public import ArgumentParser
import Editorial
import Foundation
import Galley

extension Stage: ExpressibleByArgument {}

/// The filters and paging every list of stories takes; each filter is backed by an index.
struct FilterOptions: ParsableArguments {
    @Option(help: "Only stories in this stage.")
    var stage: Stage?

    @Option(help: "Only this desk's stories.")
    var desk: String?

    @Option(help: "Only stories assigned to this user.")
    var assignee: String?

    @Option(help: "Only stories this user drafted.")
    var author: String?

    @Flag(help: "Only the acting user's stories: those they drafted or are assigned to.")
    var mine = false

    @Flag(help: "Only stories published but not yet public.")
    var embargoed = false

    @Option(help: ArgumentHelp("Only stories changed at or after this RFC 3339 time.", valueName: "TIME"))
    var updatedAfter: String?

    @Option(help: ArgumentHelp("Only stories changed before this time.", valueName: "TIME"))
    var updatedBefore: String?

    @Option(help: ArgumentHelp("Only stories public at or after this time.", valueName: "TIME"))
    var publishedAfter: String?

    @Option(help: ArgumentHelp("Only stories public before this time.", valueName: "TIME"))
    var publishedBefore: String?

    @Option(help: ArgumentHelp("At most this many (default 50, at most 200).", valueName: "N"))
    var limit: Int?

    @Option(help: ArgumentHelp("The page after this cursor, as the previous page named it.", valueName: "CURSOR"))
    var after: String?

    /// The time bounds: each option's name, what was given, and the filter's field it sets, listed once so that
    /// checking them and filling the filter cannot miss one.
    private var times: [(name: String, value: String?, field: WritableKeyPath<StoryFilter, Date?>)] {
        [
            ("--updated-after", updatedAfter, \.updatedAfter), ("--updated-before", updatedBefore, \.updatedBefore),
            ("--published-after", publishedAfter, \.publishedAfter),
            ("--published-before", publishedBefore, \.publishedBefore),
        ]
    }

    func validate() throws {
        for time in times {
            if let value = time.value, EditorialCoding.date(from: value) == nil {
                throw ValidationError("\(time.name) takes an RFC 3339 time such as 2026-11-28T09:00:00Z")
            }
        }
        _ = try PageCursor.limit(limit)
    }

    /// The filter, with `--mine` meaning the acting user's stories.
    func filter(for user: User) -> StoryFilter {
        var filter = StoryFilter()
        filter.stage = stage
        filter.desk = desk
        filter.assignee = assignee
        filter.mine = mine ? user.name : nil
        filter.author = author
        filter.embargoed = embargoed ? true : nil
        for time in times { filter[keyPath: time.field] = time.value.flatMap(EditorialCoding.date(from:)) }
        return filter
    }

    /// Says on standard error how to get the next page, when there is one.
    static func announce(next: String?, _ command: String) {
        guard let next else { return }
        FileHandle.standardError.write(Data("galley: more: \(command) --after \(next)\n".utf8))
    }
}
