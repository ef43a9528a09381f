import Editorial
import Foundation
import Galley

/// A newsroom at work, at random but reproducibly (from a seed): people issue the commands a story's stage
/// invites, and now and then any command at all, most of which the rules refuse.
actor NewsroomSimulation {
    let newsroom: Newsroom
    var random: SeededRandom
    var people: [String: User] = [:]

    static let cast: [(String, Set<Role>)] = [
        ("ana", [.reporter]), ("rex", [.reporter]), ("bo", [.editor]), ("dee", [.editor]), ("cy", [.factChecker]),
        ("fay", [.factChecker]), ("adm", [.admin]),
    ]

    init(newsroom: Newsroom, seed: UInt64) async throws {
        self.newsroom = newsroom
        self.random = SeededRandom(seed: seed)
        for (name, roles) in Self.cast {
            if let user = try await newsroom.users.find(name) {
                people[name] = user
            } else {
                people[name] = try await newsroom.users.add(name, roles: roles, by: "admin")
            }
        }
    }

    /// Issues `steps` commands over stories `s0` ... `s(stories - 1)`.
    func run(steps: Int, stories: Int) async throws {
        for _ in 0..<steps {
            let id = "s\(Int.random(in: 0..<stories, using: &random))"
            let article = (try? await newsroom.story(id))?.article ?? Article()
            let (name, command) = next(for: article, id: id)
            let user = people[name]!
            if case .draft(let content, _) = command {
                _ = try? await newsroom.draft(content, by: user, id: id)
            } else {
                _ = try? await newsroom.perform(command, on: id, by: user)
            }
        }
    }

    func pick<T>(_ options: [T]) -> T { options[Int.random(in: 0..<options.count, using: &random)] }

    func next(for article: Article, id: String) -> (String, ArticleCommand) {
        let words = ["ferry", "bridge", "council", "budget", "harbour", "school", "tram", "library"]
        let sentence = { (random: inout SeededRandom) -> String in
            (0..<6).map { _ in words[Int.random(in: 0..<words.count, using: &random)] }.joined(separator: " ") + "."
        }
        let claimID = "c\(Int.random(in: 1...3, using: &random))"
        let anything: [(String, ArticleCommand)] = [
            ("ana", .publish(at: nil)), ("cy", .edit(ContentChange(headline: sentence(&random)))),
            ("rex", .approve), ("bo", .submit), ("fay", .spike(reason: "slow news")),
            // A comment names someone, so that the inbox follows mentions too.
            (pick(Self.cast.map(\.0)), .comment("@\(pick(Self.cast.map(\.0))) " + sentence(&random))),
            ("dee", .assign(to: pick(Self.cast.map(\.0)))),
            // A takedown, now and then: of a published or retracted story it holds, of any other it is refused.
            ("bo", .takedown(reason: "court order")),
        ]
        if Int.random(in: 0..<100, using: &random) < 15 { return pick(anything) }
        switch article.stage {
        case nil:
            let content = ArticleContent(
                headline: sentence(&random), bylines: ["Staff"], body: [sentence(&random), sentence(&random)],
                slug: "story-\(id)", desk: pick(["city", "world"]))
            return (pick(["ana", "rex", "bo"]), .draft(content))
        case .draft:
            return pick([
                (article.author ?? "ana", .submit),
                (article.author ?? "ana", .edit(ContentChange(body: [sentence(&random)]))),
            ])
        case .editing:
            return pick([
                ("bo", .sendToFactCheck), ("dee", .sendBack(note: "tighten it")),
                ("dee", .edit(ContentChange(headline: sentence(&random)))),
                ("bo", .addClaim(Claim(id: claimID, text: sentence(&random)))),
                (article.author ?? "ana", .recall),
            ])
        case .factCheck:
            let open = article.claims.first { $0.verdict == nil }
            return pick([
                ("cy", .addClaim(Claim(id: claimID, text: sentence(&random), speaker: pick([nil, "the mayor"])))),
                (
                    "fay",
                    .recordVerdict(
                        claimID: open?.id ?? claimID, rating: pick([.accurate, .accurate, .unverifiable, .misleading]),
                        evidence: [URL(string: "https://example.org/\(id)")!], note: "checked")
                ),
                ("cy", .approve), ("fay", .approve), ("cy", .reject(reasons: ["\(claimID) is wrong"])),
                ("dee", .pullBack),
            ])
        case .ready:
            return pick([
                ("bo", .publish(at: nil)), ("dee", .publish(at: Date().addingTimeInterval(3_600))),
                ("bo", .edit(ContentChange(body: [sentence(&random)]))),
            ])
        case .published:
            return pick([
                (
                    "bo",
                    .correct(
                        kind: pick(CorrectionKind.allCases), text: "fixed",
                        change: ContentChange(body: [sentence(&random)]))
                ),
                ("dee", .comment(sentence(&random))), ("adm", .retract(reason: "source recanted")),
            ])
        case .spiked:
            return pick([("bo", .comment(sentence(&random))), ("dee", .unspike)])
        case .retracted:
            return pick([("bo", .comment(sentence(&random))), ("adm", .takedown(reason: "court order"))])
        case .takenDown:
            return ("bo", .comment(sentence(&random)))
        }
    }
}

/// SplitMix64: a small generator whose whole sequence follows from its seed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
