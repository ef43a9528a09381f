public import ArgumentParser
import Coding
import Editorial
import Foundation
import Galley

/// A closed set given with `--rating`: ArgumentParser refuses any other value and lists these.
extension Rating: ExpressibleByArgument {}

/// `galley fact-check claim`: the claims of a story's checklist and their verdicts.
struct ClaimCommands: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claim",
        abstract: "Add claims to a story's checklist, rule on them, list them.",
        subcommands: [Add.self, Verdict.self, Confirm.self, Withdraw.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a claim on the checklist.",
            discussion: """
                Example:
                  galley fact-check claim add 7k3q9m2xwd --as cy \\
                    --text "2,300 riders a night" --speaker "Transit authority" \\
                    --source https://example.org/plan.pdf
                """)

        @OptionGroup var story: StoryArgument

        @Option(help: "The claim, as the story makes it.")
        var text: String

        @Option(help: "Who said it, for a quotation.")
        var speaker: String?

        @Option(help: "A link to where it comes from (http or https).")
        var source: String?

        @Option(name: .customLong("claim-id"), help: "The claim's id; default: the next free cN.")
        var claimID: String?

        @OptionGroup var options: ChangeOptions

        func validate() throws {
            if let source, let problem = WebLink.problem(source, what: "--source") { throw ValidationError(problem) }
        }

        func run() async throws {
            try await NewsroomRun.with(options.database) { newsroom in
                let user = try await options.actor.user(in: newsroom)
                let id = try await newsroom.resolve(story.id)
                var claimID = self.claimID
                if claimID == nil {
                    let taken = Set(try await newsroom.story(id).article.claims.map(\.id))
                    claimID = (1...).lazy.map { "c\($0)" }.first { !taken.contains($0) }
                }
                let claim = Claim(id: claimID ?? "c1", text: text, speaker: speaker, source: source)
                let handled = try await newsroom.perform(
                    .addClaim(claim), on: id, by: user, expectedVersion: options.expectedVersion.version)
                print(options.output.json ? try NewsroomRun.json(handled) : NewsroomRun.text(handled))
            }
        }
    }

    struct Verdict: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rule on a claim: accurate, inaccurate, misleading or unverifiable.",
            discussion: """
                Example:
                  galley fact-check claim verdict 7k3q9m2xwd c1 --as cy --rating accurate \\
                    --evidence https://example.org/plan.pdf --note "Table 3 of the plan."
                """)

        @OptionGroup var story: StoryArgument
        @OptionGroup var claim: ClaimArgument

        @Option(help: "What the fact-checker rates the claim.")
        var rating: Rating

        @Option(name: .customLong("evidence"), help: "A link to the evidence; repeat for several.")
        var evidence: [String] = []

        @Option(help: "What the fact-checker found.")
        var note: String

        @OptionGroup var options: ChangeOptions

        func validate() throws {
            if let problem = evidence.lazy.compactMap({ WebLink.problem($0, what: "--evidence") }).first {
                throw ValidationError(problem)
            }
        }

        func run() async throws {
            try await NewsroomRun.perform(
                {
                    .recordVerdict(
                        claimID: claim.id, rating: rating,
                        evidence: evidence.compactMap(URL.init(string:)), note: note)
                }, on: story, options)
        }
    }

    struct Confirm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Confirm that a verdict made on an earlier revision still holds for the current one.",
            discussion: "Example:\n  galley fact-check claim confirm 7k3q9m2xwd c1 --as cy")

        @OptionGroup var story: StoryArgument
        @OptionGroup var claim: ClaimArgument

        @OptionGroup var options: ChangeOptions

        func run() async throws {
            try await NewsroomRun.perform({ .confirmVerdict(claimID: claim.id) }, on: story, options)
        }
    }

    struct Withdraw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take a claim off the checklist, saying why; it stays in the story's history.",
            discussion: """
                Example:
                  galley fact-check claim withdraw 7k3q9m2xwd c2 --as cy \\
                    --reason "The sentence was cut."
                """)

        @OptionGroup var story: StoryArgument
        @OptionGroup var claim: ClaimArgument

        @Option(help: "Why the claim no longer needs a ruling.")
        var reason: String

        @OptionGroup var options: ChangeOptions

        func run() async throws {
            try await NewsroomRun.perform({ .withdrawClaim(claimID: claim.id, reason: reason) }, on: story, options)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a story's claims and their verdicts.",
            discussion: "Example:\n  galley fact-check claim list 7k3q9m2xwd --as cy")

        @OptionGroup var story: StoryArgument
        @OptionGroup var options: ReadOptions

        func run() async throws {
            try await NewsroomRun.reading(options) { readModels, newsroom, _ in
                let view = try await readModels.story(try await newsroom.resolve(story.id))
                if options.output.json {
                    print(JSONValue.array(view.claims.map(view.json)).canonicalText)
                } else {
                    for claim in view.claims { print(StoryPrinter.claim(claim, in: view)) }
                }
            }
        }
    }
}
