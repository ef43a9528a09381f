import ArgumentParser
import Foundation
import Galley

/// `galley board`: the newsroom's active work by stage.
struct Board: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the active work by stage: draft to ready, embargoed, and the recently closed.",
        discussion: """
            Published, spiked, retracted and taken-down stories stay for --recent-hours (default \(BoardColumnKind.defaultWindowHours)), then leave the \
            board: list, its filters and search find them. Each column shows its count and its oldest \
            stories first, up to --limit. With --json, one object a column (JSON lines).

            Example:
              galley board --as bo
            """)

    @Option(help: ArgumentHelp("Stories a column shows (default 20).", valueName: "N"))
    var limit = 20

    @Option(help: ArgumentHelp("Hours a published, spiked, retracted or taken-down story stays.", valueName: "HOURS"))
    var recentHours = BoardColumnKind.defaultWindowHours

    @OptionGroup var options: ReadOptions

    func validate() throws {
        _ = try PageCursor.limit(limit)
        guard recentHours >= 0 else { throw ValidationError("--recent-hours is 0 or more") }
    }

    func run() async throws {
        try await NewsroomRun.reading(options) { readModels, _, _ in
            let columns = try await readModels.board(recent: .seconds(recentHours * 3_600), limit: limit)
            options.output.show(columns, json: \.jsonValue) { StoryPrinter.board($0, now: Date()) }
        }
    }
}
