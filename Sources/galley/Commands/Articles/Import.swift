import ArgumentParser
import Foundation
import Galley

/// `galley import`: plain-text stories become drafts with their claims proposed.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "File plain-text stories as drafts and propose their claims for fact-checking.",
        discussion: """
            Each file holds one story: an optional kicker, the headline, a "Published : 14 May 2024, 01:28" \
            line, the byline with the photo caption under it, then paragraphs separated by blank lines. Every \
            quotation (with its speaker where the text names one) and every sentence stating a figure goes on \
            the story's checklist. All files are read and checked before anything is written. Filing claims \
            needs an editor or admin.

            Example:
              galley import --as bo --desk world story1.txt story2.txt
            """)

    @Argument(help: "The files to import.")
    var files: [String]

    @Option(help: "The desk the stories go to.")
    var desk = "news"

    @Option(help: "The stories' language.")
    var language = "en"

    @Option(
        name: .customLong("timezone"),
        help: ArgumentHelp("Read publication times in this time zone, such as Asia/Dhaka.", valueName: "ZONE"))
    var timeZone = "UTC"

    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one file to import") }
        guard TimeZone(identifier: timeZone) != nil else { throw ValidationError("unknown time zone \(timeZone)") }
    }

    func run() async throws {
        try await NewsroomRun.with(database) { newsroom in
            let zone = TimeZone(identifier: timeZone) ?? .gmt
            let stories = try files.map { file in
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw GalleyError.invalidInput("cannot read \(file)")
                }
                return try StoryText.parse(data, source: file, desk: desk, language: language, timeZone: zone)
            }
            let user = try await actor.user(in: newsroom)
            for (file, story) in zip(files, stories) {
                let handled = try await newsroom.draft(
                    story.content, claims: story.claims, by: user, findFreeSlug: true)
                if output.json {
                    print(try NewsroomRun.json(handled))
                } else {
                    print(
                        "\(file): \(handled.articleID) \"\(story.content.headline)\" with \(story.claims.count) claims")
                }
            }
        }
    }
}
