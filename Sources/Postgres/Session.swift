import CLibPQ
import Foundation

/// Synchronous access to a connection, valid only inside `Connection.withSession`, on the connection's thread.
///
/// Every call blocks until the server answers; that is why a session only exists on the connection's own queue.
public struct Session {
    let handle: OpaquePointer
    /// Set by the notice receiver when the server announced it is ending the session.
    let farewell: UnsafeMutablePointer<Bool>
    /// Statements already prepared on this connection.
    let prepared: PreparedStatements

    /// Runs one parameterized statement and returns its rows, decoded later in binary format. A `prepared`
    /// statement is parsed and planned once per connection (under a name of its own) and only executed after.
    @discardableResult
    public func query(_ sql: String, _ parameters: [(any PostgresEncodable)?] = [], prepared: Bool = false) throws
        -> QueryResult
    {
        try query(sql, try EncodedParameters(parameters), prepared: prepared)
    }

    /// Runs one parameterized statement and returns how many rows it changed.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> Int {
        try query(sql, parameters).affectedRows
    }

    func query(_ sql: String, _ parameters: EncodedParameters, prepared: Bool = false) throws -> QueryResult {
        guard prepared else {
            let result = parameters.withValuePointers { values in
                PQexecParams(
                    handle, sql, Int32(parameters.count), parameters.types, values, parameters.lengths,
                    parameters.formats, 1)
            }
            return try consume(result)
        }
        // The same names as a pipeline's prepared statements: one per statement text and connection.
        let name: String
        if let known = self.prepared.names[sql] {
            name = known
        } else {
            self.prepared.counter += 1
            name = "galley_\(self.prepared.counter)"
            _ = try consume(PQprepare(handle, name, sql, Int32(parameters.count), parameters.types))
            self.prepared.names[sql] = name
        }
        let result = parameters.withValuePointers { values in
            PQexecPrepared(handle, name, Int32(parameters.count), values, parameters.lengths, parameters.formats, 1)
        }
        return try consume(result)
    }

    /// Runs trusted SQL text with several statements and no parameters, such as a migration file.
    ///
    /// This is the one path that takes SQL text as it is; it never carries values from a user.
    public func runScript(_ sql: String) throws {
        let result = PQexec(handle, sql)
        _ = try consume(result)
    }

    /// The transaction state of the session: idle, in a transaction, or in a failed transaction.
    public var transactionStatus: TransactionStatus {
        switch PQtransactionStatus(handle) {
        case PQTRANS_IDLE: .idle
        case PQTRANS_INTRANS, PQTRANS_ACTIVE: .inTransaction
        case PQTRANS_INERROR: .failed
        default: .unknown
        }
    }

    /// Whether the session is open, reading any bytes the server already sent (such as a termination notice).
    func checkHealth() -> Bool {
        guard PQstatus(handle) == CONNECTION_OK else { return false }
        // A terminated backend sends a FATAL message, then closes. Reading what is waiting shows either the
        // message (caught by the notice receiver) or the end of the stream; the bound keeps a chatty NOTIFY sender
        // from holding us here.
        for _ in 0..<8 {
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 0) > 0 else { break }
            if PQconsumeInput(handle) == 0 { return false }
            _ = PQisBusy(handle)  // parses what was read, so the notice receiver sees a FATAL message
        }
        return PQstatus(handle) == CONNECTION_OK && !farewell.pointee
    }

    /// Turns a PGresult into rows or an error, and frees it.
    func consume(_ result: OpaquePointer?) throws -> QueryResult {
        guard let result else { throw lostOrFailed() }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY, PGRES_SINGLE_TUPLE, PGRES_PIPELINE_SYNC:
            return Self.copy(result)
        case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR:
            if PQstatus(handle) == CONNECTION_BAD { throw lostOrFailed() }
            throw PostgresError.server(Self.serverError(result))
        default:
            let status = String(cString: PQresStatus(PQresultStatus(result)))
            throw PostgresError.protocolViolation("result status \(status)")
        }
    }

    func lostOrFailed() -> PostgresError {
        let message = String(cString: PQerrorMessage(handle)).firstLine
        if PQstatus(handle) == CONNECTION_BAD {
            return .connectionLost(message: message.isEmpty ? "the server closed the connection" : message)
        }
        return .protocolViolation(message.isEmpty ? "no result" : message)
    }

    static func serverError(_ result: OpaquePointer) -> ServerError {
        func field(_ code: Character) -> String? {
            PQresultErrorField(result, Int32(code.asciiValue!)).map { String(cString: $0) }
        }
        return ServerError(
            sqlState: SQLState(field("C") ?? "XX000"), severity: field("V") ?? field("S") ?? "ERROR",
            message: field("M") ?? String(cString: PQresultErrorMessage(result)).firstLine,
            detail: field("D"), hint: field("H"), constraint: field("n"), table: field("t"), column: field("c"))
    }

    static func copy(_ result: OpaquePointer) -> QueryResult {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        let columns = (0..<columnCount).map { column in
            QueryResult.Column(
                name: String(cString: PQfname(result, Int32(column))),
                type: PostgresType(oid: PQftype(result, Int32(column))))
        }
        var storage: [UInt8] = []
        var starts: [Int] = []
        var lengths: [Int32] = []
        starts.reserveCapacity(rowCount * columnCount)
        lengths.reserveCapacity(rowCount * columnCount)
        for row in 0..<Int32(rowCount) {
            for column in 0..<Int32(columnCount) {
                starts.append(storage.count)
                if PQgetisnull(result, row, column) != 0 {
                    lengths.append(-1)
                    continue
                }
                let length = PQgetlength(result, row, column)
                lengths.append(length)
                if length > 0, let value = PQgetvalue(result, row, column) {
                    storage.append(contentsOf: UnsafeRawBufferPointer(start: value, count: Int(length)))
                }
            }
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? rowCount
        return QueryResult(
            columns: columns, affectedRows: affected, storage: storage, starts: starts, lengths: lengths,
            rowCount: rowCount)
    }
}

@available(*, unavailable)
extension Session: Sendable {}

/// Where a session stands with respect to transactions.
public enum TransactionStatus: Sendable, Equatable {
    /// No transaction is open.
    case idle
    /// A transaction is open and healthy.
    case inTransaction
    /// A transaction is open but a statement failed; only ROLLBACK will work.
    case failed
    /// The connection is broken.
    case unknown
}
