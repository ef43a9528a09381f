import Editorial
import Foundation
import Galley
import Postgres
import TestSupport
import Testing

@Suite("The token cache against the real database")
struct TokenCacheTests {
    /// Polls `condition` for up to five seconds.
    func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<500 {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    @Test("a found token is answered from memory; a revoked token or a disabled user stops working at once")
    func forgetsOnChange() async throws {
        try await TestDatabase.withFresh { configuration in
            let pool = ConnectionPool(configuration: configuration, maxConnections: 4)
            let users = UserDirectory(pool: pool)
            let tokens = TokenStore(pool: pool)
            try await users.add("ana", roles: [.editor], by: "admin")
            try await users.add("bo", roles: [.reporter], by: "admin")
            let (ana, bo) = (
                try await tokens.issue(for: "ana", by: "admin"), try await tokens.issue(for: "bo", by: "admin")
            )
            let cache = TokenCache(tokens: tokens, configuration: configuration)
            let listener = Task { await cache.run() }
            #expect(try await eventually { cache.isListening })

            #expect(try await cache.user(for: ana.token)?.name == "ana")
            #expect(try await cache.user(for: bo.token)?.roles == [.reporter])
            #expect(try await cache.user(for: "glly_unknown_00") == nil)
            try await tokens.revoke(ana.record.id, by: "admin")
            #expect(try await eventually { try await cache.user(for: ana.token) == nil })
            #expect(try await cache.user(for: bo.token)?.name == "bo")
            try await users.disable("bo", by: "admin")
            #expect(try await eventually { try await cache.user(for: bo.token) == nil })

            // What was found is kept: with the database out of reach, a known token still answers.
            try await users.add("cy", roles: [.factChecker], by: "admin")
            let cy = try await tokens.issue(for: "cy", by: "admin")
            #expect(try await cache.user(for: cy.token)?.name == "cy")
            await pool.close()
            #expect(try await cache.user(for: cy.token)?.name == "cy")
            await #expect(throws: PostgresError.closed) { try await cache.user(for: bo.token) }

            listener.cancel()
            await listener.value
            #expect(!cache.isListening)
        }
    }

    @Test("a web session is answered from memory, and forgotten on every server when it ends or its user changes")
    func sessionsForgottenOnChange() async throws {
        try await TestDatabase.withFresh { configuration in
            let pool = ConnectionPool(configuration: configuration, maxConnections: 4)
            let users = UserDirectory(pool: pool)
            try await users.add("ana", roles: [.editor], by: "admin")
            let cache = TokenCache(tokens: TokenStore(pool: pool), configuration: configuration)
            let listener = Task { await cache.run() }
            #expect(try await eventually { cache.isListening })
            // Two servers: one keeps sessions in memory, the other (the CLI, another instance) changes them.
            let cached = WebSignIn(pool: pool, cache: cache)
            let elsewhere = WebSignIn(pool: pool)
            try await elsewhere.setPassword("ana", "correct horse battery", by: "admin")
            let (secret, session) = try await elsewhere.signIn(
                name: "ana", password: "correct horse battery", from: "192.0.2.1")
            #expect(try await cached.session(for: secret) == session)
            // Answered from memory: the row is gone behind the cache's back (no notification), yet it answers.
            try await pool.query("ALTER TABLE web_sessions DISABLE TRIGGER web_sessions_ended")
            try await pool.query("DELETE FROM web_sessions")
            #expect(try await cached.session(for: secret) == session)
            try await pool.query("ALTER TABLE web_sessions ENABLE TRIGGER web_sessions_ended")
            // Signed out elsewhere: forgotten as soon as the notification arrives.
            let (second, _) = try await elsewhere.signIn(
                name: "ana", password: "correct horse battery", from: "192.0.2.1")
            #expect(try await cached.session(for: second) != nil)
            try await elsewhere.signOut(second)
            #expect(try await eventually { try await cached.session(for: second) == nil })
            // Disabled elsewhere: the same.
            let (third, _) = try await elsewhere.signIn(
                name: "ana", password: "correct horse battery", from: "192.0.2.1")
            #expect(try await cached.session(for: third) != nil)
            try await users.disable("ana", by: "admin")
            #expect(try await eventually { try await cached.session(for: third) == nil })
            // The list of people pickers offer is kept until someone is added or changed.
            let everyone = { try await cache.everyone { try await users.list().items }.map(\.name) }
            #expect(try await everyone() == ["ana"])
            try await users.add("bo", roles: [.reporter], by: "admin")
            #expect(try await eventually { try await everyone() == ["ana", "bo"] })
            listener.cancel()
            await listener.value
            await pool.close()
        }
    }
}
