/// Everything that can go wrong while talking to PostgreSQL, in a form callers can act on.
public enum PostgresError: Error, Sendable, Equatable {
    /// The configuration string could not be understood; nothing was contacted.
    case invalidConfiguration(String)
    /// No session could be opened with the server described by `target` (never includes a password).
    case connectionFailed(target: String, message: String)
    /// The session ended underneath a call (server restart, terminated backend, network loss).
    case connectionLost(message: String)
    /// The server refused a statement; the details say why.
    case server(ServerError)
    /// A parameter cannot be sent, for example a string holding a NUL character.
    case invalidParameter(index: Int, reason: String)
    /// A value could not be decoded into the Swift type asked for.
    case decoding(column: String, reason: String)
    /// No connection became free within the pool's wait time.
    case poolTimeout(waited: Duration, maxConnections: Int)
    /// The pool or connection was closed before or during the call.
    case closed
    /// libpq reported something the layer did not expect; the message is libpq's.
    case protocolViolation(String)

    /// The SQLSTATE of a server error, if this is one.
    public var sqlState: SQLState? {
        if case .server(let error) = self { return error.sqlState }
        return nil
    }

    /// True when the server refused a row because of a unique index or constraint.
    public var isUniqueViolation: Bool { sqlState == .uniqueViolation }

    /// True when a serializable or repeatable-read transaction lost a race and may be retried.
    public var isSerializationFailure: Bool {
        sqlState == .serializationFailure || sqlState == .deadlockDetected
    }

    /// True when the session is gone, or sits on a standby since a failover (`isOnStandby`), and the call may
    /// succeed on a new connection.
    public var isConnectionLost: Bool {
        switch self {
        case .connectionLost, .connectionFailed: return true
        case .server(let error):
            // Class 57 is the operator's intervention (a shutdown, a terminated backend), but not a statement
            // cancelled by its own timeout, after which the session is still there.
            return error.sqlState.class == "08" || (error.sqlState.class == "57" && !isStatementCancelled)
                || isOnStandby
        default: return false
        }
    }

    /// True when a write reached a standby: after a failover, a session that outlived its server's demotion.
    /// A new connection lets libpq find the primary again (`target_session_attrs=read-write`).
    public var isOnStandby: Bool { sqlState == .readOnlySQLTransaction }

    /// True when the statement was cancelled, by `statement_timeout` or a cancel request; the session lives on.
    public var isStatementCancelled: Bool { sqlState == .queryCanceled }
}

/// A statement refused by the server, with the fields PostgreSQL sends along.
public struct ServerError: Sendable, Equatable, CustomStringConvertible {
    /// The five-character SQLSTATE code.
    public var sqlState: SQLState
    /// ERROR, FATAL or PANIC, untranslated.
    public var severity: String
    /// The primary, human-readable message.
    public var message: String
    /// An optional second line with more detail, such as the conflicting key.
    public var detail: String?
    /// An optional suggestion of what to do.
    public var hint: String?
    /// The name of the violated constraint, when one was.
    public var constraint: String?
    /// The table involved, when the server names one.
    public var table: String?
    /// The column involved, when the server names one.
    public var column: String?

    /// Creates a server error from its fields.
    public init(
        sqlState: SQLState, severity: String, message: String, detail: String? = nil, hint: String? = nil,
        constraint: String? = nil, table: String? = nil, column: String? = nil
    ) {
        self.sqlState = sqlState
        self.severity = severity
        self.message = message
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.table = table
        self.column = column
    }

    /// One line: severity, SQLSTATE, message and detail.
    public var description: String {
        var text = "\(severity) \(sqlState.code): \(message)"
        if let detail { text += " (\(detail))" }
        return text
    }
}

extension PostgresError: CustomStringConvertible {
    /// A one-line explanation meant for a person reading a log or a terminal.
    public var description: String {
        switch self {
        case .invalidConfiguration(let message):
            return "invalid database configuration: \(message)"
        case .connectionFailed(let target, let message):
            return "cannot connect to PostgreSQL at \(target): \(message)"
        case .connectionLost(let message):
            return "lost the connection to PostgreSQL: \(message)"
        case .server(let error):
            return error.description
        case .invalidParameter(let index, let reason):
            return "parameter $\(index) cannot be sent: \(reason)"
        case .decoding(let column, let reason):
            return "cannot decode column \"\(column)\": \(reason)"
        case .poolTimeout(let waited, let maxConnections):
            return "no database connection became free within \(waited) (all \(maxConnections) are in use)"
        case .closed:
            return "the database connection was closed"
        case .protocolViolation(let message):
            return "unexpected answer from libpq: \(message)"
        }
    }
}
