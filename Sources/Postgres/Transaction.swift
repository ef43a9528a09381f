/// How strictly a transaction is isolated from concurrent ones.
public enum IsolationLevel: String, Sendable {
    /// Each statement sees what was committed before it began (PostgreSQL's default).
    case readCommitted = "READ COMMITTED"
    /// The whole transaction sees one snapshot.
    case repeatableRead = "REPEATABLE READ"
    /// As if transactions ran one at a time; be ready to retry on `isSerializationFailure`.
    case serializable = "SERIALIZABLE"
}

extension Connection {
    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    ///
    /// A statement that failed inside `body` leaves the transaction aborted even if `body` caught the error;
    /// then nothing is committed and this throws `PostgresError.server` with the aborted-transaction state.
    @discardableResult
    public func transaction<T: Sendable>(
        isolation: IsolationLevel = .readCommitted,
        readOnly: Bool = false,
        _ body: (Connection) async throws -> T
    ) async throws -> T {
        let mode = readOnly ? "READ ONLY" : "READ WRITE"
        try await execute("BEGIN ISOLATION LEVEL \(isolation.rawValue) \(mode)")
        let value: T
        do {
            value = try await body(self)
        } catch {
            await rollbackQuietly()
            throw error
        }
        let status = try await withSession { $0.transactionStatus }
        guard status == .inTransaction else {
            await rollbackQuietly()
            throw PostgresError.server(
                ServerError(
                    sqlState: "25P02", severity: "ERROR",
                    message: "a statement in the transaction failed, so nothing was committed"))
        }
        try await execute("COMMIT")
        return value
    }

    private func rollbackQuietly() async {
        // A lost connection has no transaction left to roll back; the pool discards it.
        _ = try? await withSession { session in
            if session.transactionStatus != .idle { try session.execute("ROLLBACK") }
        }
    }
}
