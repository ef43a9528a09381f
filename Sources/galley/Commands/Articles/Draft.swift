import ArgumentParser
import Editorial
import Foundation
import Galley

/// `galley draft`: files a new story.
struct Draft: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "File a new story as a draft.",
        discussion: """
            The body comes from --body-file or standard input; blank lines part paragraphs. Prints the new \
            story's id (with --json: {"id": ..., "version": 1, ...}).

            Example:
              galley draft --as ana --headline "Night buses extended to the airport" \\
                --byline "Ana Reis" --slug night-buses-airport --desk city \\
                --body-file story.txt
            """)

    @Option(help: "The headline.")
    var headline: String

    @Option(help: "A short line above the headline.")
    var kicker: String?

    @Option(name: .customLong("byline"), help: "A byline; repeat for several. Default: the acting user.")
    var bylines: [String] = []

    @Option(
        help: ArgumentHelp(
            "The story's address: lowercase letters, digits and hyphens, unique among live stories. Default: from "
                + "the headline."))
    var slug: String?

    @Option(help: "The desk or section, such as city or world. Default: GALLEY_DESK, else news.")
    var desk: String?

    @Option(help: "The language, as a tag such as en or pt-BR.")
    var language = "en"

    @Option(help: "The caption of the lead photo.")
    var caption: String?

    @Option(help: ArgumentHelp("Use this id instead of a fresh one (for scripts).", valueName: "ID"))
    var id: String?

    @OptionGroup var body: BodyInput
    @OptionGroup var options: ReadOptions

    func run() async throws {
        try await NewsroomRun.with(options.database) { newsroom in
            let paragraphs = try body.paragraphs(required: true) ?? []
            let user = try await options.actor.user(in: newsroom)
            let desk = desk ?? ProcessInfo.processInfo.environment["GALLEY_DESK"].flatMap { $0.isEmpty ? nil : $0 }
            let request = DraftRequest(
                headline: headline, kicker: kicker, bylines: bylines, body: paragraphs, slug: slug, desk: desk,
                language: language, photoCaption: caption)
            let handled = try await newsroom.draft(request, by: user, id: id)
            if slug == nil || desk == nil, case .drafted(let filed)? = handled.events.first {
                // What was filed is in the command's own event: no need to read the story back.
                FileHandle.standardError.write(
                    Data("galley: filed with the slug \(filed.content.slug) and the desk \(filed.content.desk)\n".utf8))
            }
            print(options.output.json ? try NewsroomRun.json(handled) : NewsroomRun.text(handled))
        }
    }
}
