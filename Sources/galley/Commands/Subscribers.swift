import ArgumentParser
import Coding
import EventStore
import Foundation
import Galley

/// `galley subscribers`: the partners who receive published stories, their products and tokens; every change is
/// in the log.
struct Subscribers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add, list, disable and enable the partners who receive published stories; issue their tokens.",
        discussion: """
            A subscriber's product is the desks (and, if named, languages) whose public stories it receives; an \
            embargo partner also receives them before their public time. Every change is recorded in the \
            hash-chained log (the stream subscriber-NAME) with who made it: an admin named with --as, or \
            system:<your login>.
            """,
        // One a line, so that each group of subcommands lands apart.
        subcommands: [
            Add.self,
            List.self,
            Disable.self,
            Enable.self,
            Product.self,
            Token.self,
            RevokeToken.self,
            Reads.self,
            History.self,
            SubscriberEndpoints.self,
            SubscriberDeliveries.self,
        ])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a subscriber with the desks and languages it receives.",
            discussion: """
                Without --language it receives every language of its desks.

                Examples:
                  galley subscribers add wire --desk world --desk business --language en
                  galley subscribers add early-bird --desk politics --embargo-partner
                """)

        @Argument(help: "The subscriber's name: a-z first, then a-z, 0-9, '.', '_', '-'.")
        var name: String

        @Option(name: .customLong("desk"), help: "A desk whose stories it receives; repeat for several.")
        var desks: [String] = []

        @Option(name: .customLong("language"), help: "A language it receives, such as en; repeat for several.")
        var languages: [String] = []

        @Flag(help: "It also receives embargoed stories before their public time, marked embargoed.")
        var embargoPartner = false

        @OptionGroup var admin: AdminOptions

        func validate() throws {
            guard !desks.isEmpty else { throw ValidationError("give at least one --desk") }
        }

        func run() async throws {
            try await admin.run { pool, actor in
                let product = try SubscriberProduct(
                    desks: desks, languages: languages, embargoPartner: embargoPartner)
                let subscriber = try await SubscriberDirectory(pool: pool).add(name, product: product, by: actor)
                print("added \(subscriber.name) (\(Subscribers.describe(subscriber.product)))")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List subscribers, their products and whether they are disabled.",
            discussion: "With --json, one object a subscriber (JSON lines).\n\nExample:\n  galley subscribers list")

        @OptionGroup var limit: ListLimit

        @Option(help: ArgumentHelp("The subscribers after this name.", valueName: "NAME"))
        var after: String?

        @OptionGroup var output: OutputOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await database.list(
                "galley subscribers list", output: output,
                read: { try await SubscriberDirectory(pool: $0).list(limit: try limit.size(), after: after) },
                json: { subscriber in
                    .object([
                        "name": .string(subscriber.name),
                        "desks": .array(subscriber.product.desks.sorted().map(JSONValue.string)),
                        "languages": .array(subscriber.product.languages.sorted().map(JSONValue.string)),
                        "embargo_partner": .bool(subscriber.product.embargoPartner),
                        "disabled": .bool(subscriber.disabled),
                        "created_at": .string(Timestamp.rfc3339(subscriber.createdAt)),
                    ])
                },
                text: { subscribers in
                    Columns.render(
                        ["NAME", "DESKS", "LANGUAGES", "EMBARGO", "STATE"],
                        subscribers.map { subscriber in
                            let product = subscriber.product
                            return [
                                subscriber.name, product.desks.sorted().joined(separator: ","),
                                product.languages.isEmpty ? "all" : product.languages.sorted().joined(separator: ","),
                                product.embargoPartner ? "yes" : "no", subscriber.disabled ? "disabled" : "active",
                            ]
                        })
                })
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable a subscriber: it receives nothing and its tokens stop working.",
            discussion: "Disabling a disabled subscriber changes nothing and says so.\n\n"
                + "Example:\n  galley subscribers disable wire-partner")

        @OptionGroup var subscriber: SubscriberSwitch

        func run() async throws { try await subscriber.set(disabled: true) }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Let a disabled subscriber receive its product again.",
            discussion: "Example:\n  galley subscribers enable wire-partner")

        @OptionGroup var subscriber: SubscriberSwitch

        func run() async throws { try await subscriber.set(disabled: false) }
    }

    struct Product: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace what a subscriber receives: its desks, languages and whether it is an embargo partner.",
            discussion: """
                The subscriber has exactly this product after; without --language, every language.

                Example:
                  galley subscribers product wire --desk world --language en
                """)

        @Argument(help: "The subscriber's name.")
        var name: String

        @Option(name: .customLong("desk"), help: "A desk whose stories it receives; repeat for several.")
        var desks: [String] = []

        @Option(name: .customLong("language"), help: "A language it receives, such as en; repeat for several.")
        var languages: [String] = []

        @Flag(help: "It also receives embargoed stories before their public time, marked embargoed.")
        var embargoPartner = false

        @OptionGroup var admin: AdminOptions

        func validate() throws {
            guard !desks.isEmpty else { throw ValidationError("give at least one --desk") }
        }

        func run() async throws {
            try await admin.run { pool, actor in
                let product = try SubscriberProduct(
                    desks: desks, languages: languages, embargoPartner: embargoPartner)
                let changed = try await SubscriberDirectory(pool: pool).setProduct(name, product, by: actor)
                let words = Subscribers.describe(product)
                print(changed ? "\(name) now receives \(words)" : "\(name) already received \(words); nothing changed")
            }
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a content API token for a subscriber; it is printed once.",
            discussion: """
                Only the token's SHA-256 is stored, and the log records its id, so it cannot be shown again. It \
                opens the content API (/content/v1) only, never the newsroom's API. Revoke it with \
                galley subscribers revoke-token ID.

                Example:
                  galley subscribers token wire-partner
                """)

        @Argument(help: "The subscriber's name.")
        var name: String

        @OptionGroup var admin: AdminOptions

        func run() async throws {
            try await admin.run { pool, actor in
                let issued = try await SubscriberTokenStore(pool: pool).issue(for: name, by: actor)
                FileHandle.standardError.write(
                    Data("token \(issued.id) for \(name); it is shown this once, keep it safe\n".utf8))
                print(issued.token)
            }
        }
    }

    struct RevokeToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke-token",
            abstract: "Revoke a subscriber's content API token by its id.",
            discussion: "Example:\n  galley subscribers revoke-token 01JFAKEID")

        @Argument(help: "The token's id, as galley subscribers token printed it.")
        var id: String

        @OptionGroup var admin: AdminOptions

        func run() async throws {
            try await admin.run { pool, actor in
                let changed = try await SubscriberTokenStore(pool: pool).revoke(id, by: actor)
                print(changed ? "revoked \(id)" : "\(id) was already revoked; nothing changed")
            }
        }
    }

    struct Reads: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List what a subscriber read through the content API, newest first.",
            discussion: """
                One line an item served: when, the story, the version. With --json, one object a read (JSON lines).

                Example:
                  galley subscribers reads wire-partner --limit 20
                """)

        @Argument(help: "The subscriber's name.")
        var name: String

        @OptionGroup var limit: ListLimit

        @Option(help: ArgumentHelp("The reads after this cursor, as the last page gave it.", valueName: "CURSOR"))
        var after: String?

        @OptionGroup var output: OutputOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await database.list(
                "galley subscribers reads \(name)", output: output,
                read: { try await ContentReads(pool: $0).list(name, limit: try limit.size(), after: after) },
                json: { read in
                    .object([
                        "subscriber": .string(read.subscriber), "id": .string(read.articleID),
                        "version": .int(Int64(read.version)), "read_at": .string(Timestamp.rfc3339(read.readAt)),
                    ])
                },
                text: { reads in
                    Columns.render(
                        ["READ AT", "STORY", "VERSION"],
                        reads.map { [Timestamp.rfc3339($0.readAt), $0.articleID, String($0.version)] })
                })
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every recorded change to a subscriber and its tokens: who made it and when.",
            discussion: "Example:\n  galley subscribers history wire-partner")

        @Argument(help: "The subscriber's name.")
        var name: String

        @OptionGroup var output: OutputOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.report {
                let events = try await database.withPool {
                    try await SubscriberDirectory(pool: $0).history(of: name)
                }
                for event in events {
                    if output.json {
                        print(event.exportLine())
                    } else {
                        let actor = (try? event.actor()) ?? "?"
                        print(
                            "#\(event.position)  v\(event.version)  "
                                + "\(Timestamp.rfc3339(microseconds: event.recordedAtMicroseconds))  \(actor)  "
                                + "\(event.type)  \(SubscriberEvent.summary(of: event))")
                    }
                }
            }
        }
    }

    /// A product in a few words, as `add` confirms it.
    static func describe(_ product: SubscriberProduct) -> String {
        "desks " + product.desks.sorted().joined(separator: ", ")
            + (product.languages.isEmpty
                ? ", every language" : "; languages " + product.languages.sorted().joined(separator: ", "))
            + (product.embargoPartner ? "; embargo partner" : "")
    }
}

/// What `subscribers disable` and `subscribers enable` share: the subscriber, who makes the change, and what is
/// printed.
struct SubscriberSwitch: ParsableArguments {
    @Argument(help: "The subscriber's name.")
    var name: String

    @OptionGroup var admin: AdminOptions

    /// Disables the subscriber or enables it, saying so, or saying that it already stood that way.
    func set(disabled: Bool) async throws {
        try await admin.run { pool, actor in
            let subscribers = SubscriberDirectory(pool: pool)
            if disabled {
                let changed = try await subscribers.disable(name, by: actor)
                print(changed ? "disabled \(name)" : "\(name) was already disabled; nothing changed")
            } else {
                let changed = try await subscribers.enable(name, by: actor)
                print(changed ? "enabled \(name)" : "\(name) was not disabled; nothing changed")
            }
        }
    }
}
