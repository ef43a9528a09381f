import EventStore
import Foundation
import Galley
import Postgres
import TestSupport
import Testing

@Suite("Subscribers and their tokens: every change in the hash-chained log; reads in a table of their own")
struct SubscriberRecordTests {
    @Test("add, product, disable twice, enable, token issue and revoke twice: each recorded once, never the token")
    func changesAreRecorded() async throws {
        try await TestDatabase.withFresh { configuration in
            let pool = ConnectionPool(configuration: configuration, maxConnections: 2)
            let subscribers = SubscriberDirectory(pool: pool)
            let tokens = SubscriberTokenStore(pool: pool)
            let product = try SubscriberProduct(desks: ["city"], languages: ["en"])
            let added = try await subscribers.add("wire", product: product, by: "system:root")
            #expect(added.product == product && !added.disabled)
            let wider = try SubscriberProduct(desks: ["city", "world"], embargoPartner: true)
            #expect(try await subscribers.setProduct("wire", wider, by: "root"))
            #expect(try await !subscribers.setProduct("wire", wider, by: "root"))
            #expect(try await subscribers.disable("wire", by: "root"))
            #expect(try await !subscribers.disable("wire", by: "root"))
            await #expect(throws: GalleyError.notFound("there is no active subscriber named wire")) {
                try await tokens.issue(for: "wire", by: "root")
            }
            #expect(try await subscribers.enable("wire", by: "root"))
            let issued = try await tokens.issue(for: "wire", by: "root")
            #expect(issued.token.hasPrefix("gsub_\(issued.id)_"))
            #expect(try await tokens.subscriber(for: issued.token)?.name == "wire")
            // A user's token, or anything else, is no subscriber's.
            #expect(try await tokens.subscriber(for: "glly_" + issued.token.dropFirst(5)) == nil)
            #expect(try await subscribers.disable("wire", by: "root"))
            #expect(try await tokens.subscriber(for: issued.token) == nil, "a disabled subscriber's token is refused")
            #expect(try await subscribers.enable("wire", by: "root"))
            #expect(try await tokens.revoke(issued.id, by: "root"))
            #expect(try await !tokens.revoke(issued.id, by: "root"))
            #expect(try await tokens.subscriber(for: issued.token) == nil)

            let history = try await subscribers.history(of: "wire")
            #expect(
                history.map(\.type) == [
                    "SubscriberAdded", "SubscriberProductChanged", "SubscriberDisabled", "SubscriberEnabled",
                    "SubscriberTokenIssued", "SubscriberDisabled", "SubscriberEnabled", "SubscriberTokenRevoked",
                ])
            #expect(history.allSatisfy { $0.streamID == "subscriber-wire" })
            #expect(try history.map { try $0.actor() } == ["system:root"] + Array(repeating: "root", count: 7))
            #expect(SubscriberEvent.summary(of: history[0]) == "added with desks city, languages en")
            #expect(
                SubscriberEvent.summary(of: history[1])
                    == "product set to desks city, world, every language, embargo partner")
            #expect(SubscriberEvent.summary(of: history[4]) == "token \(issued.id) issued")
            #expect(!history.contains { $0.data.contains(issued.token) }, "the token itself is never in the log")
            #expect(StreamAccess.isCredentialStream("subscriber-wire"))
            #expect(try await EventStore(pool: pool).verify().firstBroken == nil)

            await #expect(throws: GalleyError.invalidInput("a subscriber named wire already exists")) {
                try await subscribers.add("wire", product: product, by: "root")
            }
            await #expect(
                throws: GalleyError.invalidInput(
                    "a subscriber name starts with a-z and has up to 63 of a-z, 0-9, '.', '_', '-': Wire")
            ) {
                try await subscribers.add("Wire", product: product, by: "root")
            }
            await #expect(throws: GalleyError.notFound("there is no subscriber named zed")) {
                try await subscribers.disable("zed", by: "root")
            }
            await #expect(throws: GalleyError.notFound("there is no subscriber token nope")) {
                try await tokens.revoke("nope", by: "root")
            }
            // A refused change records nothing.
            #expect(try await subscribers.history(of: "wire").count == 8)
            await pool.close()
        }
    }

    @Test("reads are listed newest first, a page at a time, only the subscriber's own")
    func reads() async throws {
        try await TestDatabase.withFresh { configuration in
            let pool = ConnectionPool(configuration: configuration, maxConnections: 2)
            let product = try SubscriberProduct(desks: ["city"])
            for name in ["wire", "other"] {
                try await SubscriberDirectory(pool: pool).add(name, product: product, by: "root")
            }
            let reads = ContentReads(pool: pool)
            try await reads.record("wire", items: [("a1", 1), ("a2", 3)])
            try await reads.record("wire", items: [("a1", 2)])
            try await reads.record("other", items: [("a9", 1)])
            let first = try await reads.list("wire", limit: 2)
            #expect(first.items.map { "\($0.articleID) v\($0.version)" } == ["a1 v2", "a2 v3"])
            let cursor = try #require(first.next)
            let second = try await reads.list("wire", limit: 2, after: cursor)
            #expect(second.items.map { "\($0.articleID) v\($0.version)" } == ["a1 v1"] && second.next == nil)
            await #expect(throws: GalleyError.notFound("there is no subscriber named zed")) {
                try await reads.list("zed")
            }
            await #expect(
                throws: GalleyError.invalidInput("the cursor is not one this list gave; start again without it")
            ) {
                try await reads.list("wire", after: "%%")
            }
            await pool.close()
        }
    }
}
