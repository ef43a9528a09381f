import Editorial
import EventStore
import Foundation
import Galley
import Postgres
import TestSupport
import Testing

@Suite("Users and tokens: every change in the hash-chained log, with who made it")
struct UserRecordTests {
    @Test("add, roles, display name, disable twice, enable, token issue and revoke twice: each recorded once")
    func changesAreRecorded() async throws {
        try await TestDatabase.withFresh { configuration in
            let pool = ConnectionPool(configuration: configuration, maxConnections: 2)
            let users = UserDirectory(pool: pool)
            let tokens = TokenStore(pool: pool)
            let ana = try await users.add("ana", roles: [.reporter], displayName: " Ana Reis ", by: "system:root")
            #expect(ana.byline == "Ana Reis")
            #expect(try await users.setRoles("ana", [.reporter, .editor], by: "root-admin"))
            #expect(try await !users.setRoles("ana", [.editor, .reporter], by: "root-admin"))
            #expect(try await users.disable("ana", by: "root-admin"))
            // Disabling twice and revoking twice answer alike: nothing changes, nothing is recorded.
            #expect(try await !users.disable("ana", by: "root-admin"))
            #expect(try await users.enable("ana", by: "root-admin"))
            #expect(try await users.setDisplayName("ana", nil, by: "root-admin"))
            #expect(try await users.find("ana")?.byline == "ana")
            let expiry = Date().addingTimeInterval(3_600)
            let issued = try await tokens.issue(for: "ana", label: "laptop", expiresAt: expiry, by: "root-admin")
            #expect(try await tokens.revoke(issued.record.id, by: "root-admin"))
            #expect(try await !tokens.revoke(issued.record.id, by: "root-admin"))

            let history = try await users.history(of: "ana")
            #expect(
                history.map(\.type) == [
                    "UserAdded", "UserRolesChanged", "UserDisabled", "UserEnabled", "UserDisplayNameChanged",
                    "TokenIssued", "TokenRevoked",
                ])
            #expect(try history.map { try $0.actor() } == ["system:root"] + Array(repeating: "root-admin", count: 6))
            #expect(history.allSatisfy { $0.streamID == "user-ana" })
            #expect(UserEvent.summary(of: history[5]).hasPrefix("token \(issued.record.id) issued (laptop), expires "))
            #expect(!history[5].data.contains(issued.token), "the token itself is never in the log")
            #expect(try await EventStore(pool: pool).verify().firstBroken == nil)

            await #expect(throws: GalleyError.notFound("there is no user named zed")) {
                try await users.disable("zed", by: "root-admin")
            }
            await #expect(throws: GalleyError.invalidInput("a user named ana already exists")) {
                try await users.add("ana", roles: [.editor], by: "root-admin")
            }
            // A refused change records nothing.
            #expect(try await users.history(of: "ana").count == 7)
            await pool.close()
        }
    }

    @Test("an expired token stops working, also when the cache has seen it")
    func expiredToken() async throws {
        try await TestDatabase.withFresh { configuration in
            let pool = ConnectionPool(configuration: configuration, maxConnections: 4)
            let tokens = TokenStore(pool: pool)
            try await UserDirectory(pool: pool).add("bo", roles: [.editor], by: "admin")
            // An hour ahead, so that the first look comes before it however loaded the machine; the cache's own
            // check is then asked about a moment past it.
            let expiry = Date().addingTimeInterval(3_600)
            let soon = try await tokens.issue(for: "bo", expiresAt: expiry, by: "admin")
            await #expect(throws: GalleyError.invalidInput("a token's expiry must be in the future")) {
                try await tokens.issue(for: "bo", expiresAt: Date().addingTimeInterval(-1), by: "admin")
            }
            let cache = TokenCache(tokens: tokens, configuration: configuration)
            let listener = Task { await cache.run() }
            for _ in 0..<200 where !cache.isListening { try await Task.sleep(for: .milliseconds(10)) }
            #expect(try await cache.user(for: soon.token)?.name == "bo")
            #expect(try await cache.user(for: soon.token, at: expiry.addingTimeInterval(1)) == nil)
            #expect(try await cache.user(for: soon.token)?.name == "bo")
            // The database's own check, past the expiry: moved into the past, as the clock would.
            _ = try await pool.query(
                "UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE user_name = $1", ["bo"])
            #expect(try await tokens.user(for: soon.token) == nil)
            listener.cancel()
            await listener.value
            await pool.close()
        }
    }
}
