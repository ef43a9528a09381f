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
}
