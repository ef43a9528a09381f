import ArgumentParser
import Coding
import Editorial
import Foundation
import Galley

/// `galley export`: the log, or the published stories, in standard formats.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the log as JSON lines with hashes, or published stories as ninjs or ClaimReview.",
        discussion: """
            Formats:
              jsonl        every event after --after, one JSON object a line, with its hash; check it with
                           galley verify --file, no database needed
              ninjs        each published story as an IPTC ninjs 2.2 object, one a line (retracted stories
                           with pubstatus canceled, embargoed ones with their embargo)
              claimreview  each verdict on the public text of a public, unretracted story as schema.org
                           ClaimReview JSON-LD; needs --public-url and --publisher (or GALLEY_PUBLIC_URL
                           and GALLEY_PUBLISHER)

            Examples:
              galley export --format jsonl > log.jsonl
              galley export --format jsonl --after 1200 --output since-1200.jsonl
              galley export --format ninjs --as aud
              galley export --format claimreview --as aud \\
                --public-url https://news.example.org --publisher "Example News"
            """)

    @Option(help: "The log as JSON lines, or the published stories as ninjs or ClaimReview.")
    var format: ExportFormat

    @Option(help: ArgumentHelp("For jsonl: start after this position.", valueName: "CHECKPOINT"))
    var after: Int64 = 0

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "PATH"))
    var output: String?

    @Option(
        name: .customLong("public-url"),
        help: ArgumentHelp("For claimreview: where stories are read; a story is at URL/slug.", valueName: "URL"))
    var publicURL: String?

    @Option(help: ArgumentHelp("For claimreview: the publishing organization's name.", valueName: "NAME"))
    var publisher: String?

    @OptionGroup var actor: ActorOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard after >= 0 else { throw ValidationError("--after is a position, 0 or more") }
        if format == .claimreview { _ = try claimReviewPublisher() }
    }

    /// The publisher ClaimReview consumers require, from the options or the environment.
    func claimReviewPublisher() throws -> ClaimReviewDocument.Publisher {
        let environment = ProcessInfo.processInfo.environment
        guard let name = publisher ?? environment["GALLEY_PUBLISHER"], !name.isEmpty,
            let link = publicURL ?? environment["GALLEY_PUBLIC_URL"]
        else {
            throw ValidationError(
                "ClaimReview needs the publisher and where its stories are read: --publisher NAME and "
                    + "--public-url URL, or GALLEY_PUBLISHER and GALLEY_PUBLIC_URL")
        }
        if let problem = WebLink.problem(link, what: "--public-url") { throw ValidationError(problem) }
        return ClaimReviewDocument.Publisher(name: name, baseURL: URL(string: link)!)
    }

    func run() async throws {
        try await CommandFailure.report {
            let sink = try OutputSink(path: output)
            defer { sink.close() }
            if format == .jsonl {
                let count = try await LogExport.jsonl(configuration: try database.configuration(), after: after) {
                    try sink.write($0)
                }
                FileHandle.standardError.write(Data("exported \(count) events\n".utf8))
                return
            }
            try await NewsroomRun.reading(database) { readModels, newsroom in
                _ = try await actor.user(in: newsroom)
                let stories = try await readModels.published()
                let now = Date()
                for story in stories {
                    if format == .ninjs {
                        try sink.write(NinjsDocument.make(story, now: now).canonicalText)
                    } else {
                        for review in ClaimReviewDocument.make(story, publisher: try claimReviewPublisher(), now: now) {
                            try sink.write(review.canonicalText)
                        }
                    }
                }
            }
        }
    }
}

/// Standard output, or a file created for the export.
final class OutputSink: @unchecked Sendable {
    private let handle: FileHandle
    private let owned: Bool

    init(path: String?) throws {
        guard let path else {
            handle = .standardOutput
            owned = false
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw GalleyError.invalidInput("cannot write \(path)") }
        self.handle = handle
        owned = true
    }

    func write(_ line: String) throws {
        try handle.write(contentsOf: Data((line + "\n").utf8))
    }

    func close() {
        if owned { try? handle.close() }
    }
}
