import Coding
import Crypto
import Dispatch
import Foundation
import HummingbirdBcrypt
public import Postgres

/// A signed-in person in the web app: who, and the token every form of theirs must carry back.
public struct WebSession: Sendable, Hashable {
    /// Who is signed in.
    public var user: User
    /// The session's anti-forgery token, put in every form and checked on every post.
    public var csrfToken: String
}

/// Why a sign-in was refused; no kind says whether the name exists.
public enum SignInRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name and password do not go together (or the name is unknown, or its user disabled or without a password).
    case wrongNameOrPassword
    /// Too many failed tries for this name from this address, or for any name from it: heard after a wait.
    case tooManyTries(retryAfter: Int)
    /// This address already has as many sign-ins being checked as it may.
    case tooManyAtOnce
    /// The server is checking as many sign-ins as it can queue.
    case busy

    /// For the sign-in form.
    public var description: String {
        switch self {
        case .wrongNameOrPassword: "That name and password do not match. Check both and try again."
        case .tooManyTries(let seconds):
            "Too many failed sign-ins from where you are. Wait \(seconds) seconds, then try again."
        case .tooManyAtOnce: "Your earlier sign-in is still being checked. Wait a moment, then try again."
        case .busy: "The server is busy checking other sign-ins. Wait a moment, then try again."
        }
    }
}

/// Passwords and sessions of the web app (migrations/0017, 0018): bcrypt hashes, server-side sessions keyed by the
/// SHA-256 of a random cookie secret, an idle limit, and a growing wait after repeated failures from one address.
public struct WebSignIn: Sendable {
    /// Where passwords and sessions are kept.
    public let pool: ConnectionPool
    /// A session unused for longer than this has ended.
    public var idleTimeout: Duration
    /// Failed tries for one name from one address that are heard at once; after them each waits twice as long as
    /// the last. Counted by name and address together, so that a stranger cannot lock a colleague out.
    public var freeTries = 5
    /// Failed tries from one address over every name that are heard at once: a spray of names from one place.
    public var freeTriesPerAddress = 30
    /// The wait after the free tries, in seconds; each failure after that doubles it, up to five minutes.
    public var firstWait = 1
    /// Failures are forgotten once none has followed for this long (and their rows deleted), so that unknown names
    /// do not pile up; longer than the longest wait, so that waiting it out does not also reset the count.
    public var forgetFailuresAfter: Duration = .seconds(3_600)
    /// Bounds the bcrypt checks running and waiting, in all and for one address.
    public var passwordChecks = PasswordCheckGate()

    /// bcrypt's cost (log2 of its rounds): about a quarter of a second a check here.
    static let cost: UInt8 = 12
    /// The shortest password accepted.
    public static let minimumPasswordLength = 10

    /// Keeps sessions in memory between the database's confirmations; nil: every use asks the database.
    public var cache: TokenCache?

    /// Creates the store over a pool.
    public init(pool: ConnectionPool, idleTimeout: Duration = .seconds(8 * 3_600), cache: TokenCache? = nil) {
        self.pool = pool
        self.idleTimeout = idleTimeout
        self.cache = cache
    }

    /// Sets `name`'s password as `actor`, ending the user's other sessions; the log records that it was set.
    public func setPassword(_ name: String, _ password: String, by actor: String) async throws {
        guard password.count >= Self.minimumPasswordLength, password.utf8.count <= 72 else {
            // bcrypt reads at most 72 bytes: a longer password would be silently cut.
            throw GalleyError.invalidInput(
                "a password has at least \(Self.minimumPasswordLength) characters and at most 72 bytes")
        }
        guard !password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw GalleyError.invalidInput("a password has no control characters (tabs, line breaks)")
        }
        guard try await UserDirectory(pool: pool).find(name) != nil else {
            throw GalleyError.notFound("there is no user named \(name)")
        }
        let hash = await Self.offThread { Bcrypt.hash(password, cost: Self.cost) }
        try await UserDirectory(pool: pool).record(.passwordSet, of: name, by: actor) { connection in
            try await connection.query(
                """
                INSERT INTO user_passwords (user_name, hash) VALUES ($1, $2)
                ON CONFLICT (user_name) DO UPDATE SET hash = excluded.hash, set_at = now()
                """, [name, hash])
            try await connection.query("DELETE FROM web_sessions WHERE user_name = $1", [name])
        }
    }

    /// Signs `name` in from the client `address`: the cookie secret of a new session, and the session. Every
    /// refusal of a checked password takes a bcrypt check's time, whether the name is unknown, disabled or known.
    public func signIn(name: String, password: String, from address: String) async throws -> (
        secret: String, session: WebSession
    ) {
        let name = name.trimmingCharacters(in: .whitespaces).lowercased()
        guard !name.isEmpty, name.utf8.count <= 63, password.utf8.count <= 200 else {
            throw SignInRefusal.wrongNameOrPassword
        }
        let (wait, suspect) = try await waitBeforeTrying(name, from: address)
        if let wait { throw SignInRefusal.tooManyTries(retryAfter: wait) }
        // A disabled user is looked up as an unknown name: a right password is then refused, counted and timed
        // exactly as a wrong one, so that a guesser cannot tell when they are right.
        let rows = try await pool.query(
            """
            SELECT u.name, u.roles, u.disabled, u.created_at, u.display_name, p.hash
            FROM users u JOIN user_passwords p ON p.user_name = u.name WHERE u.name = $1 AND NOT u.disabled
            """, [name])
        let stored: String? = try rows.first?.decode("hash")
        let matches = try await passwordChecks.run(from: address, suspect: suspect) {
            Bcrypt.verify(password, hash: stored ?? Self.decoyHash)
        }
        guard matches, let row = rows.first, stored != nil else {
            try await recordFailure(name, from: address)
            throw SignInRefusal.wrongNameOrPassword
        }
        let user = try UserDirectory.user(row)
        let (secret, csrf) = (Self.randomHex(), Self.randomHex())
        try await pool.withConnection { connection in
            try await connection.transaction { connection in
                try await connection.query(
                    "DELETE FROM sign_in_failures WHERE address = $1 AND name = $2", [address, name])
                try await connection.query(
                    "INSERT INTO web_sessions (secret_hash, user_name, csrf_token) VALUES ($1, $2, $3)",
                    [Self.hash(secret), user.name, csrf])
                // Sessions idle past the limit are cleared as others sign in, so the table holds live ones.
                try await connection.query(
                    "DELETE FROM web_sessions WHERE last_seen < now() - make_interval(secs => $1)",
                    [Double(idleTimeout.components.seconds)])
            }
        }
        return (secret, WebSession(user: user, csrfToken: csrf))
    }

    /// The live session a cookie secret opens, or nil: unknown, ended, idle too long, or its user disabled.
    /// Use keeps it alive (written at most once a minute), unless `touch` is false: a live feed asking whether
    /// its session still holds is not use, or an open tab would keep a session from ever going idle.
    public func session(for secret: String, touch: Bool = true) async throws -> WebSession? {
        guard secret.utf8.count == 64, secret.allSatisfy(\.isHexDigit) else { return nil }
        let hash = Self.hash(secret)
        // A use answered from memory is a use the database hears of within the cache's minute: it confirms
        // (and touches) the session at least that often.
        guard touch, let cache else { return try await storedSession(hash, touch: touch) }
        return try await cache.session(hash: hash) { try await storedSession(hash, touch: true) }
    }

    private func storedSession(_ hash: Data, touch: Bool) async throws -> WebSession? {
        // A read, as nearly every request is: the session is written (a commit) only when its use is a minute old.
        let rows = try await pool.query(
            """
            SELECT u.name, u.roles, u.disabled, u.created_at, u.display_name, s.csrf_token,
                   s.last_seen < now() - interval '1 minute' AS stale
            FROM web_sessions s JOIN users u ON u.name = s.user_name
            WHERE s.secret_hash = $1 AND NOT u.disabled AND s.last_seen >= now() - make_interval(secs => $2)
            """, [hash, Double(idleTimeout.components.seconds)])
        guard let row = rows.first else { return nil }
        if touch, try row.decode("stale") {
            try await pool.query("UPDATE web_sessions SET last_seen = now() WHERE secret_hash = $1", [hash])
        }
        return WebSession(user: try UserDirectory.user(row), csrfToken: try row.decode("csrf_token"))
    }

    /// Ends the session a cookie secret opens; nothing happens for one already ended.
    public func signOut(_ secret: String) async throws {
        try await pool.query("DELETE FROM web_sessions WHERE secret_hash = $1", [Self.hash(secret)])
    }

    /// How many seconds a try for `name` from `address` must still wait before it is heard, or nil: the longer of
    /// the waits for this name from this address and for every name from it; and whether the address failed lately.
    private func waitBeforeTrying(_ name: String, from address: String) async throws -> (wait: Int?, suspect: Bool) {
        let rows = try await pool.query(
            """
            SELECT coalesce(sum(failures) FILTER (WHERE name = $2), 0)::int8 AS named,
                   extract(epoch FROM now() - max(last_failed) FILTER (WHERE name = $2))::float8 AS named_ago,
                   coalesce(sum(failures), 0)::int8 AS every,
                   extract(epoch FROM now() - max(last_failed))::float8 AS every_ago
            FROM sign_in_failures WHERE address = $1 AND last_failed >= now() - make_interval(secs => $3)
            """, [address, name, Double(forgetFailuresAfter.components.seconds)])
        guard let row = rows.first else { return (nil, false) }
        let failures: Int64 = try row.decode("every")
        let named = wait(failures: try row.decode("named"), ago: try row.decode("named_ago"), free: freeTries)
        let every = wait(failures: failures, ago: try row.decode("every_ago"), free: freeTriesPerAddress)
        return ([named, every].compactMap { $0 }.max(), failures > 0)
    }

    /// The seconds left to wait after `failures`, the last `ago` seconds ago, when `free` of them cost nothing.
    private func wait(failures: Int64, ago: Double?, free: Int) -> Int? {
        guard let ago, failures >= free else { return nil }
        let wait = Double(min(firstWait << min(Int(failures) - free, 9), 300))
        return ago < wait ? Int((wait - ago).rounded(.up)) : nil
    }

    /// Counts a failure for `name` from `address`, and deletes the failures forgotten by now (a parameterized
    /// range delete on `last_failed`'s index), so that sprayed names leave no lasting rows.
    private func recordFailure(_ name: String, from address: String) async throws {
        let forget = Double(forgetFailuresAfter.components.seconds)
        try await pool.withConnection { connection in
            try await connection.query(
                "DELETE FROM sign_in_failures WHERE last_failed < now() - make_interval(secs => $1)", [forget])
            try await connection.query(
                """
                INSERT INTO sign_in_failures (address, name, failures, last_failed) VALUES ($1, $2, 1, now())
                ON CONFLICT (address, name) DO UPDATE SET failures = sign_in_failures.failures + 1, last_failed = now()
                """, [address, name])
        }
    }

    /// A hash checked when the name has none, so that an unknown name costs what a wrong password does.
    private static let decoyHash = Bcrypt.hash("galley-decoy-password", cost: cost)

    /// bcrypt is deliberately slow: it runs on a thread of its own, not on the cooperative pool's few.
    private static func offThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }

    /// 32 random bytes as hex: a session secret, or a form token.
    public static func randomHex() -> String {
        Hex.random(bytes: 32)
    }

    static func hash(_ secret: String) -> Data { Data(SHA256.hash(data: Data(secret.utf8))) }
}
