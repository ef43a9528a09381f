import CLibPQ

/// A statement with its parameters, for sending several in one round trip.
public struct Statement: Sendable {
    let sql: String
    let parameters: EncodedParameters
    let isPrepared: Bool
    let isSyncPoint: Bool

    /// Encodes the parameters now; a parameter that cannot be sent fails here, before anything is sent.
    ///
    /// With `prepared`, the server plans the statement once per connection and reuses the plan: worth it for
    /// statements on hot paths, whose planning would otherwise cost more than their execution.
    public init(_ sql: String, _ parameters: [(any PostgresEncodable)?] = [], prepared: Bool = false) throws {
        self.sql = sql
        self.parameters = try EncodedParameters(parameters)
        self.isPrepared = prepared
        self.isSyncPoint = false
    }

    private init(syncPoint: Void) {
        self.sql = ""
        self.parameters = EncodedParameters.empty
        self.isPrepared = false
        self.isSyncPoint = true
    }

    /// A sync point: the statements before it that are outside BEGIN and COMMIT form one transaction, which
    /// commits here; a failure before it no longer skips the statements after it. Its result is empty.
    public static let sync = Statement(syncPoint: ())
}

/// The statements prepared on one connection, by SQL text; only touched on that connection's queue.
final class PreparedStatements {
    var names: [String: String] = [:]
    var counter = 0
}

extension Session {
    /// Sends all statements at once in libpq's pipeline mode and waits once for all of their results.
    ///
    /// Statements run in order. After one fails, the rest are skipped and report the failure too; if the
    /// pipeline had opened a transaction, it is rolled back before this returns.
    public func pipeline(_ statements: [Statement]) throws -> [Result<QueryResult, PostgresError>] {
        guard PQenterPipelineMode(handle) == 1 else { throw lostOrFailed() }
        var sent = 0
        var sendFailure: PostgresError?
        var preparing: [String?] = []  // the name a statement is being prepared under, if it is
        for statement in statements {
            if statement.isSyncPoint {
                guard PQpipelineSync(handle) == 1 else {
                    sendFailure = lostOrFailed()
                    break
                }
                preparing.append(nil)
                sent += 1
                continue
            }
            var name = statement.isPrepared ? prepared.names[statement.sql] : nil
            var newName: String?
            if statement.isPrepared && name == nil {
                prepared.counter += 1
                name = "galley_\(prepared.counter)"
                newName = name
                guard
                    PQsendPrepare(
                        handle, name, statement.sql, Int32(statement.parameters.count), statement.parameters.types)
                        == 1
                else {
                    sendFailure = lostOrFailed()
                    break
                }
            }
            let accepted = statement.parameters.withValuePointers { values in
                if let name {
                    return PQsendQueryPrepared(
                        handle, name, Int32(statement.parameters.count), values, statement.parameters.lengths,
                        statement.parameters.formats, 1)
                }
                return PQsendQueryParams(
                    handle, statement.sql, Int32(statement.parameters.count), statement.parameters.types, values,
                    statement.parameters.lengths, statement.parameters.formats, 1)
            }
            guard accepted == 1 else {
                sendFailure = lostOrFailed()
                break
            }
            preparing.append(newName)
            sent += 1
        }
        guard PQpipelineSync(handle) == 1 else { throw lostOrFailed() }

        var results: [Result<QueryResult, PostgresError>] = []
        var firstFailure: PostgresError?
        for index in 0..<sent {
            if statements[index].isSyncPoint {
                while let result = PQgetResult(handle) {
                    let status = PQresultStatus(result)
                    PQclear(result)
                    if status == PGRES_PIPELINE_SYNC { break }
                }
                results.append(.success(QueryResult.empty))
                firstFailure = nil
                continue
            }
            if let name = preparing[index] {
                // The preparation answers first; its plan is remembered only once the server accepted it.
                let preparation = PQgetResult(handle)
                if let preparation {
                    if PQresultStatus(preparation) == PGRES_COMMAND_OK {
                        prepared.names[statements[index].sql] = name
                    } else if PQresultStatus(preparation) != PGRES_PIPELINE_ABORTED {
                        firstFailure = firstFailure ?? .server(Self.serverError(preparation))
                    }
                    PQclear(preparation)
                    while let extra = PQgetResult(handle) { PQclear(extra) }
                }
            }
            let result = PQgetResult(handle)
            if let result, PQresultStatus(result) == PGRES_PIPELINE_ABORTED {
                PQclear(result)
                results.append(.failure(firstFailure ?? .protocolViolation("skipped after an earlier failure")))
            } else {
                do {
                    results.append(.success(try consume(result)))
                } catch let error as PostgresError {
                    firstFailure = firstFailure ?? error
                    results.append(.failure(error))
                }
            }
            if result != nil {
                // Each statement's results end with a NULL.
                while let extra = PQgetResult(handle) { PQclear(extra) }
            }
            if PQstatus(handle) == CONNECTION_BAD { throw lostOrFailed() }
        }
        // The sync point.
        while let result = PQgetResult(handle) {
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_PIPELINE_SYNC { break }
        }
        guard PQexitPipelineMode(handle) == 1 else { throw lostOrFailed() }
        if transactionStatus == .failed { try execute("ROLLBACK") }
        if let sendFailure { throw sendFailure }
        for _ in sent..<statements.count {
            results.append(.failure(.protocolViolation("not sent")))
        }
        return results
    }
}
