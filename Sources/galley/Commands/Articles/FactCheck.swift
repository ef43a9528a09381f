import ArgumentParser
import Editorial
import Foundation
import Galley

/// `galley fact-check`: the checklist of claims, verdicts and the sign-off.
struct FactCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fact-check",
        abstract: "Send a story to fact-check, keep its checklist of claims, and sign it off or reject it.",
        subcommands: [Request.self, ClaimCommands.self, Approve.self, Reject.self])

    struct Request: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a story in editing to the fact-checkers.",
            discussion: "Example:\n  galley fact-check request 7k3q9m2xwd --as bo")

        @OptionGroup var story: StoryArgument
        @OptionGroup var options: ChangeOptions

        func run() async throws {
            try await NewsroomRun.perform(
                { .sendToFactCheck }, on: story, options)
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign off the story's current revision: every claim rated, none inaccurate or misleading.",
            discussion: """
                Every verdict must judge the current headline and body: one made on an earlier revision is \
                confirmed (fact-check claim confirm) or ruled again first. Nobody signs off a story they wrote \
                or last edited. A story with no claims is signed off only with --no-claims.

                Examples:
                  galley fact-check approve 7k3q9m2xwd --as cy
                  galley fact-check approve 7k3q9m2xwd --as cy --no-claims
                """)

        @OptionGroup var story: StoryArgument

        @Flag(name: .customLong("no-claims"), help: "State that the story makes no claim to check.")
        var noClaims = false

        @OptionGroup var options: ChangeOptions

        func run() async throws {
            try await NewsroomRun.perform({ noClaims ? .approveWithNoClaims : .approve }, on: story, options)
        }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send the story back to the editors with reasons.",
            discussion: "Example:\n  galley fact-check reject 7k3q9m2xwd --as cy --reason \"c2 is misleading\"")

        @OptionGroup var story: StoryArgument

        @Option(name: .customLong("reason"), help: "A reason; repeat for several.")
        var reasons: [String] = []

        @OptionGroup var options: ChangeOptions

        func run() async throws {
            try await NewsroomRun.perform(
                { .reject(reasons: reasons) }, on: story, options)
        }
    }
}
