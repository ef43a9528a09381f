import ArgumentParser
import Editorial
import EventStore
import Foundation
import Galley

/// `galley demo`: one story's whole life, acted out by several people, then the board and the history.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Act out a story's whole life as a reporter, an editor and a fact-checker, then print the board.",
        discussion: """
            Adds the users ana (reporter), bo (editor), cy (fact_checker) and aud (auditor) if they are missing, \
            files one of Galley's own sample stories and takes it from draft to a corrected publication, with \
            one refused command on the way. Each run files new stories, and gives the four people new web \
            passwords, which it prints, so that the newsroom can be looked at in a browser (galley serve).

            Example:
              galley demo
            """)

    @OptionGroup var database: DatabaseOptions

    static let cast: [(name: String, role: Role)] = [
        ("ana", .reporter), ("bo", .editor), ("cy", .factChecker), ("aud", .auditor),
    ]

    func run() async throws {
        try await NewsroomRun.with(database) { newsroom in
            var people: [String: User] = [:]
            for (name, role) in Self.cast {
                var user = try await newsroom.users.find(name)
                if user == nil { user = try await newsroom.users.add(name, roles: [role], by: "demo") }
                guard let user else { continue }
                guard user.roles.contains(role), !user.disabled else {
                    throw GalleyError.configuration(
                        "the demo needs \(name) as an active \(role.rawValue); this database has them otherwise")
                }
                people[name] = user
            }
            let id = try await Self.play(newsroom, ana: people["ana"]!, bo: people["bo"]!, cy: people["cy"]!)
            try await ProjectionRunner(configuration: try database.configuration()).catchUp(using: newsroom.store.pool)
            try await Self.conclude(id, newsroom: newsroom)
            // New passwords each run: the demo's people are known to anyone who reads this, their passwords not.
            let signIn = WebSignIn(pool: newsroom.store.pool)
            print("\n== Web passwords for the demo's people (galley serve, then sign in)\n")
            for (name, role) in Self.cast {
                let password = "demo-" + WebSignIn.randomHex().prefix(12)
                try await signIn.setPassword(name, password, by: "demo")
                print(
                    "  \(name.padding(toLength: 4, withPad: " ", startingAt: 0)) \(role.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)) \(password)"
                )
            }
        }
    }

    /// The story's life, command by command; returns its id.
    static func play(_ newsroom: Newsroom, ana: User, bo: User, cy: User) async throws -> String {
        let ferry = try StoryText.parse(Data(DemoStories.ferry.utf8), source: "demo story", desk: "city")
        let drafted = try await newsroom.draft(ferry.content, by: ana, findFreeSlug: true)
        let id = drafted.articleID
        say("ana files the story", drafted)
        say("ana submits it", try await newsroom.perform(.submit, on: id, by: ana))
        say(
            "bo tightens the headline",
            try await newsroom.perform(
                .edit(ContentChange(headline: "Night ferry across the harbour from January 5")), on: id, by: bo))
        say("bo assigns it to cy", try await newsroom.perform(.assign(to: cy.name), on: id, by: bo))
        say("bo sends it to fact-check", try await newsroom.perform(.sendToFactCheck, on: id, by: bo))
        for claim in ferry.claims {
            say("cy puts a claim on the checklist", try await newsroom.perform(.addClaim(claim), on: id, by: cy))
        }
        try await refused("ana tries to sign off the fact-check") {
            try await newsroom.perform(.approve, on: id, by: ana)
        }
        for claim in ferry.claims {
            let rating: Rating = claim.speaker == nil ? .accurate : .unverifiable
            let verdict = ArticleCommand.recordVerdict(
                claimID: claim.id, rating: rating, evidence: [URL(string: "https://example.org/port-authority")!],
                note: rating == .accurate ? "Matches the port authority's release." : "Quoted as published.")
            say("cy rules on \(claim.id)", try await newsroom.perform(verdict, on: id, by: cy))
        }
        say("cy signs off", try await newsroom.perform(.approve, on: id, by: cy))
        try await refused("ana tries to publish") { try await newsroom.perform(.publish(at: nil), on: id, by: ana) }
        say("bo publishes", try await newsroom.perform(.publish(at: nil), on: id, by: bo))
        try await refused("bo tries to edit the published story") {
            try await newsroom.perform(.edit(ContentChange(headline: "Night ferry: a quiet change")), on: id, by: bo)
        }
        var body = ferry.content.body
        body[body.count - 1] = "The crossing takes 16 minutes. The authority will review the service after six months."
        say(
            "bo corrects the crossing time, with a public note",
            try await newsroom.perform(
                .correct(
                    kind: .correction, text: "An earlier version said the crossing takes 14 minutes; it takes 16.",
                    change: ContentChange(body: body)), on: id, by: bo))

        let library = try StoryText.parse(Data(DemoStories.library.utf8), source: "demo story", desk: "city")
        let second = try await newsroom.draft(library.content, by: ana, findFreeSlug: true)
        say("ana files a second story", second)
        say("bo assigns it to himself", try await newsroom.perform(.assign(to: bo.name), on: second.articleID, by: bo))
        return id
    }

    /// The board (from the read models), the story's history (from the log), and its hash chain.
    static func conclude(_ id: String, newsroom: Newsroom) async throws {
        print("\n== The board\n")
        print(StoryPrinter.board(try await ReadModels(pool: newsroom.store.pool).board(), now: Date()))
        print("\n== The history of \(id)\n")
        print(StoryPrinter.history(try await newsroom.story(id)))
        let report = try await newsroom.store.verify(stream: ArticleHandler.stream(of: id))
        print(
            "\nhash chain of \(id): \(report.firstBroken == nil ? "intact" : "BROKEN") (\(report.eventsChecked) events)"
        )
        print(
            """

            Next, from this folder:
              scripts/galley show \(id) --as aud        the story as it stands
              scripts/galley history \(id) --as aud     every event of its life
              scripts/galley diff \(id) --as aud --from 1 --to 3
              eval "$(scripts/galley env)"               then plain `galley ...` works in this shell
            """)
    }

    static func say(_ what: String, _ handled: HandledCommand) {
        print("▸ \(what): " + NewsroomRun.text(handled).replacingOccurrences(of: "\n", with: "\n  "))
    }

    /// Runs a command the rules must refuse, and shows the refusal; an acceptance stops the demo.
    static func refused(_ what: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            print("▸ \(what): refused, \(GalleyError.classify(error)?.description ?? "\(error)")")
            return
        }
        throw UnexpectedAcceptance(step: what)
    }

    /// A command the demo expected to be refused went through: the rules are broken.
    struct UnexpectedAcceptance: Error, CustomStringConvertible {
        var step: String
        var description: String { "the demo expected a refusal, but this was accepted: \(step)" }
    }
}
