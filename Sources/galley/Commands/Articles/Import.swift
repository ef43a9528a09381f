import ArgumentParser
import Coding
import Crypto
import Editorial
import EventStore
import Foundation
import Galley
import Postgres

/// `galley import`: plain-text stories become drafts with their claims proposed.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "File plain-text stories as drafts and propose their claims for fact-checking.",
        discussion: """
            Each file holds one story: an optional kicker, the headline, a "Published : 14 May 2024, 01:28" \
            line, the byline with the photo caption under it, then paragraphs separated by blank lines. Every \
            quotation (with its speaker where the text names one) and every sentence stating a figure goes on \
            the story's checklist; a reporter's own import keeps them as proposals that wait for a \
            fact-checker. All files are read and checked before anything is written; a file imported before \
            is refused unless --again is given. With --json, one object a file, naming it.

            Examples:
              galley import --as bo --desk world story1.txt story2.txt
              galley import --as ana --again story1.txt
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

    @Flag(help: "Import a file again even though it was imported before.")
    var again = false

    @OptionGroup var options: ReadOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one file to import") }
        guard TimeZone(identifier: timeZone) != nil else { throw ValidationError("unknown time zone \(timeZone)") }
    }

    func run() async throws {
        try await NewsroomRun.with(options.database) { newsroom in
            let zone = TimeZone(identifier: timeZone) ?? .gmt
            let parsed = try files.map { file in
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw GalleyError.invalidInput("cannot read \(file)")
                }
                let story = try StoryText.parse(data, source: file, desk: desk, language: language, timeZone: zone)
                return (story: story, digest: Data(SHA256.hash(data: data)))
            }
            let user = try await options.actor.user(in: newsroom)
            let pool = newsroom.store.pool
            if !again {
                for (file, entry) in zip(files, parsed) {
                    if let row = try await pool.query(
                        "SELECT article_id, imported_at FROM imports WHERE digest = $1 ORDER BY imported_at LIMIT 1",
                        [entry.digest]
                    ).first {
                        let id: String = try row.decode("article_id")
                        let when: Date = try row.decode("imported_at")
                        throw GalleyError.ruleViolation(
                            "\(file) was imported already, as story \(id) on \(StoryPrinter.time(when)); "
                                + "give --again to import it once more")
                    }
                }
            }
            let proposes = !Permissions.allows(user.roles, .addClaim)
            for (file, entry) in zip(files, parsed) {
                let story = entry.story
                let handled = try await newsroom.draft(
                    story.content, claims: story.claims, by: user, findFreeSlug: true)
                try await pool.query(
                    "INSERT INTO imports (digest, article_id, file_name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                    [entry.digest, handled.articleID, file])
                let claims = ArticleEvent.count(story.claims.count, "claim") + (proposes ? " proposed" : "")
                if options.output.json {
                    print(
                        JSONValue.object([
                            "file": .string(file), "id": .string(handled.articleID), "version": .int(handled.version),
                            "headline": .string(story.content.headline), "claims": .int(Int64(story.claims.count)),
                            "claims_proposed": .bool(proposes),
                        ]).canonicalText)
                } else {
                    print("\(file): \(handled.articleID) \"\(story.content.headline)\" with \(claims)")
                }
            }
        }
    }
}
