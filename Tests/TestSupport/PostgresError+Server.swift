public import Postgres

extension PostgresError {
    /// The server's message when the server refused the statement, else nil: what a test pins a refusal by, since
    /// the other fields of a server's error (its detail, the table) vary with the statement.
    public var serverMessage: String? {
        guard case .server(let error) = self else { return nil }
        return error.message
    }
}
