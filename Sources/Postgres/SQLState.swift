/// A five-character SQLSTATE error code, as listed in PostgreSQL's "Error Codes" appendix.
public struct SQLState: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The code itself, such as `23505`.
    public let code: String

    /// Wraps a code received from the server or written in a test.
    public init(_ code: String) { self.code = code }

    /// Creates a code from a literal.
    public init(stringLiteral value: String) { self.code = value }

    /// The two-character class, such as `23` for integrity constraint violations.
    public var `class`: Substring { code.prefix(2) }

    /// The code.
    public var description: String { code }

    /// A row would duplicate a unique key.
    public static let uniqueViolation: SQLState = "23505"
    /// A foreign key points at nothing.
    public static let foreignKeyViolation: SQLState = "23503"
    /// A CHECK constraint refused the row.
    public static let checkViolation: SQLState = "23514"
    /// A NOT NULL column got NULL.
    public static let notNullViolation: SQLState = "23502"
    /// A serializable transaction lost a race; retry it.
    public static let serializationFailure: SQLState = "40001"
    /// Two transactions waited on each other; one was cancelled.
    public static let deadlockDetected: SQLState = "40P01"
    /// A lock was not granted within `lock_timeout`.
    public static let lockNotAvailable: SQLState = "55P03"
    /// A trigger or function raised an exception without a more specific code.
    public static let raiseException: SQLState = "P0001"
    /// The statement was cancelled, for example by a statement timeout.
    public static let queryCanceled: SQLState = "57014"
    /// The backend was terminated by an administrator (`pg_terminate_backend`).
    public static let adminShutdown: SQLState = "57P01"
    /// The object named does not exist.
    public static let undefinedTable: SQLState = "42P01"
    /// The database named does not exist.
    public static let invalidCatalogName: SQLState = "3D000"
    /// The operation is not allowed in the current state, e.g. a write refused by a trigger.
    public static let objectNotInPrerequisiteState: SQLState = "55000"
    /// An object of that name already exists.
    public static let duplicateObject: SQLState = "42710"
    /// A write reached a server that only reads: a standby, or a primary demoted since the session began.
    public static let readOnlySQLTransaction: SQLState = "25006"
}
