import Editorial
import EventStore
import Foundation
import Galley
import Postgres
import TestSupport
import Testing

@Suite("Web sign-in: bcrypt passwords, server-side sessions, and a growing wait after failures")
struct WebSignInTests {
    @Test("a password is set in the log without its hash; a session opens, idles out, ends with sign-out")
    func sessions() async throws {
        try await TestDatabase.withFresh { configuration in
            let pool = ConnectionPool(configuration: configuration, maxConnections: 2)
            let users = UserDirectory(pool: pool)
            var signIn = WebSignIn(pool: pool, idleTimeout: .seconds(3_600))
            _ = try await users.add("ana", roles: [.reporter], by: "system:root")
            await #expect(
                throws: GalleyError.invalidInput("a password has at least 10 characters and at most 72 bytes")
            ) {
                try await signIn.setPassword("ana", "short", by: "system:root")
            }
            await #expect(throws: GalleyError.notFound("there is no user named nobody")) {
                try await signIn.setPassword("nobody", "long enough password", by: "system:root")
            }
            try await signIn.setPassword("ana", "correct horse battery", by: "system:root")
            let history = try await users.history(of: "ana")
            #expect(history.map(\.type) == ["UserAdded", "PasswordSet"])
            #expect(history[1].data == "{}")
            let stored: String = try await pool.query("SELECT hash FROM user_passwords")[0].decode("hash")
            #expect(stored.hasPrefix("$2b$12$"))

            let (secret, session) = try await signIn.signIn(name: " Ana ", password: "correct horse battery")
            #expect(session.user.name == "ana")
            #expect(try await signIn.session(for: secret) == session)
            #expect(try await signIn.session(for: String(repeating: "0", count: 64)) == nil)

            // Idle past the limit, the session is over.
            try await pool.query("UPDATE web_sessions SET last_seen = now() - interval '2 hours'")
            #expect(try await signIn.session(for: secret) == nil)
            signIn.idleTimeout = .seconds(3 * 3_600)
            #expect(try await signIn.session(for: secret) != nil)

            // A disabled user's session opens nothing; signing out ends it for good.
            _ = try await users.disable("ana", by: "system:root")
            #expect(try await signIn.session(for: secret) == nil)
            _ = try await users.enable("ana", by: "system:root")
            try await signIn.signOut(secret)
            #expect(try await signIn.session(for: secret) == nil)

            // A new password ends every session of the user's.
            let (again, _) = try await signIn.signIn(name: "ana", password: "correct horse battery")
            try await signIn.setPassword("ana", "another long password", by: "system:root")
            #expect(try await signIn.session(for: again) == nil)
        }
    }

    @Test("a wrong password and an unknown name are refused alike, and repeated failures wait longer each time")
    func failures() async throws {
        try await TestDatabase.withFresh { configuration in
            let pool = ConnectionPool(configuration: configuration, maxConnections: 2)
            var signIn = WebSignIn(pool: pool)
            signIn.freeTries = 2
            signIn.firstWait = 60
            _ = try await UserDirectory(pool: pool).add("bo", roles: [.editor], by: "system:root")
            try await signIn.setPassword("bo", "the right password", by: "system:root")
            for name in ["bo", "nobody"] {
                await #expect(throws: SignInRefusal.wrongNameOrPassword) {
                    try await signIn.signIn(name: name, password: "a wrong password")
                }
            }
            await #expect(throws: SignInRefusal.wrongNameOrPassword) {
                try await signIn.signIn(name: "bo", password: "a wrong password")
            }
            // Two failures are free; the next try waits (a minute here, so that a slow machine cannot outwait it),
            // even with the right password, and is heard once the wait has passed.
            try await Self.expectWait(60, before: "bo", "the right password", signIn)
            // Each failure past the free ones doubles the wait.
            await #expect(throws: SignInRefusal.wrongNameOrPassword) {
                try await signIn.signIn(name: "bo", password: "a wrong password")
            }
            try await Self.expectWait(120, before: "bo", "the right password", signIn)
            _ = try await signIn.signIn(name: "bo", password: "the right password")
            let left: Int64 = try await pool.query("SELECT count(*) AS n FROM sign_in_failures WHERE name = 'bo'")[0]
                .decode("n")
            #expect(left == 0)
        }
    }

    /// Expects `name`'s next try to be refused with a wait of `seconds` (or one less: it counts down while the test
    /// runs), then moves the last failure that far into the past, as if the person had waited.
    static func expectWait(
        _ seconds: Int, before name: String, _ password: String, _ signIn: WebSignIn,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let refusal = await #expect(throws: SignInRefusal.self, sourceLocation: sourceLocation) {
            try await signIn.signIn(name: name, password: password)
        }
        guard case .tooManyTries(let retryAfter) = refusal else {
            Issue.record(
                "expected a wait of \(seconds) s, got \(String(describing: refusal))", sourceLocation: sourceLocation)
            return
        }
        #expect((seconds - 1...seconds).contains(retryAfter), sourceLocation: sourceLocation)
        try await signIn.pool.query(
            "UPDATE sign_in_failures SET last_failed = last_failed - make_interval(secs => $2) WHERE name = $1",
            [name, Double(seconds)])
    }
}
