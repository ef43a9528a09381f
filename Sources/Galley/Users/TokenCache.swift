public import Foundation
public import Postgres
import Synchronization

/// The users behind recently seen bearer tokens and web sessions, so that a request does not cost a database
/// look-up.
///
/// Every change that could take a token's rights away notifies `galley_credentials` (migrations/0009). The
/// cache listens on a connection of its own and forgets everything when it hears one, and answers nothing from
/// memory while it is not listening, so a revoked token or a disabled user stops working as soon as the
/// notification arrives: milliseconds after the change commits. Only tokens that were found are kept.
public final class TokenCache: Sendable {
    /// The channel the triggers of migrations/0009 notify.
    static let channel = "galley_credentials"

    private struct State {
        var users: [Data: (user: User, expiresAt: Date?)] = [:]
        /// Web sessions by their secret's hash, with when the database last confirmed them.
        var sessions: [Data: (session: WebSession, confirmedAt: Date)] = [:]
        /// The newsroom's people, as pickers list them.
        var everyone: [User]?
        /// Moves on whenever everything is forgotten, so a look-up that began before cannot store a stale answer.
        var generation = 0
        var isListening = false
    }

    /// Where tokens are looked up.
    public let tokens: TokenStore
    private let configuration: ConnectionConfiguration
    private let capacity: Int
    private let state = Mutex(State())

    /// A cache in front of `tokens`; it keeps nothing until `run` listens.
    public init(tokens: TokenStore, configuration: ConnectionConfiguration, capacity: Int = 10_000) {
        self.tokens = tokens
        self.configuration = configuration
        self.capacity = capacity
    }

    /// Whether the cache is listening for changes, and so keeps what it finds.
    public var isListening: Bool { state.withLock { $0.isListening } }

    /// The user a token belongs to, or nil when it is unknown, revoked, expired (at `now`), or its user is
    /// disabled.
    public func user(for token: String, at now: Date = Date()) async throws -> User? {
        guard let key = TokenStore.hash(ofWellFormed: token) else { return nil }
        let (kept, generation) = state.withLock { ($0.isListening ? $0.users[key] : nil, $0.generation) }
        if let kept {
            // Expiry is a moment, not a change anyone notifies: it is checked on every use.
            if let expiry = kept.expiresAt, expiry <= now { return nil }
            return kept.user
        }
        guard let holder = try await tokens.holder(ofHash: key) else { return nil }
        state.withLock { state in
            guard state.isListening, state.generation == generation else { return }
            if state.users.count >= capacity { state.users.removeAll(keepingCapacity: true) }
            state.users[key] = holder
        }
        return holder.user
    }

    /// The web session a secret's hash opens: from memory when the database confirmed it less than `fresh` ago,
    /// else from `load` (which reads the database, and keeps the session alive there), whose answer is kept.
    ///
    /// A session's idle limit is counted in the database; confirming it every `fresh` keeps that count within
    /// `fresh` of the truth, and an ended session (signed out, a new password, a disabled user) is forgotten by
    /// the notification its change sends.
    public func session(
        hash: Data, at now: Date = Date(), fresh: Duration = .seconds(60),
        load: () async throws -> WebSession?
    ) async throws -> WebSession? {
        let (kept, generation) = state.withLock { ($0.isListening ? $0.sessions[hash] : nil, $0.generation) }
        if let kept, now.timeIntervalSince(kept.confirmedAt) < Double(fresh.components.seconds) {
            return kept.session
        }
        guard let session = try await load() else {
            state.withLock { _ = $0.sessions.removeValue(forKey: hash) }
            return nil
        }
        state.withLock { state in
            guard state.isListening, state.generation == generation else { return }
            if state.sessions.count >= capacity { state.sessions.removeAll(keepingCapacity: true) }
            state.sessions[hash] = (session, now)
        }
        return session
    }

    /// The newsroom's people, as a picker offers them: from memory until a user changes, else from `load`.
    public func everyone(load: () async throws -> [User]) async throws -> [User] {
        let (kept, generation) = state.withLock { ($0.isListening ? $0.everyone : nil, $0.generation) }
        if let kept { return kept }
        let loaded = try await load()
        state.withLock { state in
            guard state.isListening, state.generation == generation else { return }
            state.everyone = loaded
        }
        return loaded
    }

    /// Listens for changes until the task is cancelled, reconnecting (and keeping nothing meanwhile) when the
    /// connection is lost.
    public func run() async {
        while !Task.isCancelled {
            do {
                try await Connection.with(configuration) { connection in
                    try await connection.listen(Self.channel)
                    forget(listening: true)
                    while !Task.isCancelled {
                        if !(try await connection.waitForNotifications(timeout: .seconds(1))).isEmpty {
                            forget(listening: true)
                        }
                    }
                }
            } catch {
                forget(listening: false)
                try? await Task.sleep(for: .seconds(1))
            }
        }
        forget(listening: false)
    }

    private func forget(listening: Bool) {
        state.withLock { state in
            state.users.removeAll(keepingCapacity: true)
            state.sessions.removeAll(keepingCapacity: true)
            state.everyone = nil
            state.generation += 1
            state.isListening = listening
        }
    }
}
