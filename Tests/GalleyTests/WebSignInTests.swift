import Editorial
import EventStore
import Foundation
import Galley
import Postgres
import TestSupport
import Testing

@Suite("Web sign-in: bcrypt passwords, server-side sessions, and a growing wait after failures from one address")
struct WebSignInTests {
    /// Where the tests' tries come from: the person, and a stranger elsewhere.
    static let (here, elsewhere) = ("192.0.2.10", "198.51.100.20")

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

            let (secret, session) = try await signIn.signIn(
                name: " Ana ", password: "correct horse battery", from: Self.here)
            #expect(session.user.name == "ana")
            #expect(try await signIn.session(for: secret) == session)
            #expect(try await signIn.session(for: String(repeating: "0", count: 64)) == nil)

            // Idle past the limit, the session is over.
            try await pool.query("UPDATE web_sessions SET last_seen = now() - interval '2 hours'")
            #expect(try await signIn.session(for: secret) == nil)
            signIn.idleTimeout = .seconds(3 * 3_600)
            #expect(try await signIn.session(for: secret) != nil)

            // Disabling a user ends their sessions for good: enabling them again does not bring one back.
            _ = try await users.disable("ana", by: "system:root")
            #expect(try await signIn.session(for: secret) == nil)
            _ = try await users.enable("ana", by: "system:root")
            #expect(try await signIn.session(for: secret) == nil)
            let sessions: Int64 = try await pool.query("SELECT count(*) AS n FROM web_sessions")[0].decode("n")
            #expect(sessions == 0)

            // Signing out ends a session.
            let (signedOut, _) = try await signIn.signIn(
                name: "ana", password: "correct horse battery", from: Self.here)
            try await signIn.signOut(signedOut)
            #expect(try await signIn.session(for: signedOut) == nil)

            // A new password ends every session of the user's.
            let (again, _) = try await signIn.signIn(name: "ana", password: "correct horse battery", from: Self.here)
            try await signIn.setPassword("ana", "another long password", by: "system:root")
            #expect(try await signIn.session(for: again) == nil)
        }
    }

    @Test("a disabled user's right password is refused, counted and timed as a wrong one")
    func disabledUser() async throws {
        try await TestDatabase.withFresh { configuration in
            let pool = ConnectionPool(configuration: configuration, maxConnections: 2)
            var signIn = WebSignIn(pool: pool)
            signIn.freeTries = 2
            signIn.firstWait = 60
            let users = UserDirectory(pool: pool)
            _ = try await users.add("cy", roles: [.factChecker], by: "system:root")
            try await signIn.setPassword("cy", "the right password", by: "system:root")
            _ = try await users.disable("cy", by: "system:root")
            for password in ["the right password", "a wrong password"] {
                await #expect(throws: SignInRefusal.wrongNameOrPassword) {
                    try await signIn.signIn(name: "cy", password: password, from: Self.here)
                }
            }
            let failures: Int32 = try await pool.query(
                "SELECT failures FROM sign_in_failures WHERE address = $1 AND name = 'cy'", [Self.here])[0]
                .decode("failures")
            #expect(failures == 2)
            try await Self.expectWait(60, before: "cy", "the right password", from: Self.here, signIn)
            // Enabled again, the right password is heard.
            _ = try await users.enable("cy", by: "system:root")
            #expect(
                try await signIn.signIn(name: "cy", password: "the right password", from: Self.here).1.user.name == "cy"
            )
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
                    try await signIn.signIn(name: name, password: "a wrong password", from: Self.here)
                }
            }
            await #expect(throws: SignInRefusal.wrongNameOrPassword) {
                try await signIn.signIn(name: "bo", password: "a wrong password", from: Self.here)
            }
            // Two failures are free; the next try waits (a minute here, so that a slow machine cannot outwait it),
            // even with the right password, and is heard once the wait has passed.
            try await Self.expectWait(60, before: "bo", "the right password", from: Self.here, signIn)
            // Each failure past the free ones doubles the wait.
            await #expect(throws: SignInRefusal.wrongNameOrPassword) {
                try await signIn.signIn(name: "bo", password: "a wrong password", from: Self.here)
            }
            try await Self.expectWait(120, before: "bo", "the right password", from: Self.here, signIn)
            _ = try await signIn.signIn(name: "bo", password: "the right password", from: Self.here)
            let left: Int64 = try await pool.query("SELECT count(*) AS n FROM sign_in_failures WHERE name = 'bo'")[0]
                .decode("n")
            #expect(left == 0)
        }
    }

    @Test("a stranger's failures for a name slow the stranger only: its owner signs in from elsewhere at once")
    func strangerCannotLockOut() async throws {
        try await TestDatabase.withFresh { configuration in
            let pool = ConnectionPool(configuration: configuration, maxConnections: 2)
            var signIn = WebSignIn(pool: pool)
            signIn.firstWait = 60
            _ = try await UserDirectory(pool: pool).add("rep1", roles: [.reporter], by: "system:root")
            try await signIn.setPassword("rep1", "the right password", by: "system:root")
            for _ in 0..<signIn.freeTries {
                await #expect(throws: SignInRefusal.wrongNameOrPassword) {
                    try await signIn.signIn(name: "rep1", password: "a guess", from: Self.elsewhere)
                }
            }
            try await Self.expectWait(
                60, before: "rep1", "another guess", from: Self.elsewhere, signIn, backdating: false)
            let (_, session) = try await signIn.signIn(name: "rep1", password: "the right password", from: Self.here)
            #expect(session.user.name == "rep1")
            // The stranger still waits: the owner's sign-in cleared only the owner's own failures.
            try await Self.expectWait(60, before: "rep1", "another guess", from: Self.elsewhere, signIn)
        }
    }

    @Test("one address trying many names waits too, other addresses do not; old failures are deleted")
    func sprayFromOneAddress() async throws {
        try await TestDatabase.withFresh { configuration in
            let pool = ConnectionPool(configuration: configuration, maxConnections: 2)
            var signIn = WebSignIn(pool: pool)
            signIn.freeTriesPerAddress = 3
            signIn.firstWait = 60
            _ = try await UserDirectory(pool: pool).add("bo", roles: [.editor], by: "system:root")
            try await signIn.setPassword("bo", "the right password", by: "system:root")
            for name in ["a1", "a2", "a3"] {
                await #expect(throws: SignInRefusal.wrongNameOrPassword) {
                    try await signIn.signIn(name: name, password: "a guess", from: Self.elsewhere)
                }
            }
            // A fourth name from the same address waits, even bo's right password; from here, bo is heard.
            try await Self.expectWait(60, before: "bo", "the right password", from: Self.elsewhere, signIn)
            _ = try await signIn.signIn(name: "bo", password: "the right password", from: Self.here)

            // Failures with none newer for longer than the forgetting time are deleted as failures are recorded.
            try await pool.query(
                "UPDATE sign_in_failures SET last_failed = now() - interval '2 hours' WHERE address = $1",
                [Self.elsewhere])
            await #expect(throws: SignInRefusal.wrongNameOrPassword) {
                try await signIn.signIn(name: "a4", password: "a guess", from: Self.here)
            }
            let rows = try await pool.query("SELECT address, name FROM sign_in_failures")
            let left = try rows.map { row in
                let (address, name): (String, String) = (try row.decode("address"), try row.decode("name"))
                return "\(address) \(name)"
            }
            #expect(left == ["\(Self.here) a4"])
        }
    }

    /// Expects `name`'s next try to be refused with a wait of `seconds` (or somewhat less: it counts down while the
    /// test runs), then, when `backdating`, moves the last failure that far into the past, as if the person had
    /// waited.
    static func expectWait(
        _ seconds: Int, before name: String, _ password: String, from address: String, _ signIn: WebSignIn,
        backdating: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let refusal = await #expect(throws: SignInRefusal.self, sourceLocation: sourceLocation) {
            try await signIn.signIn(name: name, password: password, from: address)
        }
        guard case .tooManyTries(let retryAfter) = refusal else {
            Issue.record(
                "expected a wait of \(seconds) s, got \(String(describing: refusal))", sourceLocation: sourceLocation)
            return
        }
        // The wait counts from the last failure: a loaded machine may take some seconds to ask (the whole suite
        // runs at once on two cores); the bound still tells the wait from half or twice it.
        #expect((seconds * 3 / 4...seconds).contains(retryAfter), sourceLocation: sourceLocation)
        guard backdating else { return }
        try await signIn.pool.query(
            "UPDATE sign_in_failures SET last_failed = last_failed - make_interval(secs => $2) WHERE address = $1",
            [address, Double(seconds)])
    }
}
