/// The rows a statement returned, copied out of libpq into one Swift buffer.
public struct QueryResult: Sendable, RandomAccessCollection {
    /// A column of the result: its name and type.
    public struct Column: Sendable, Equatable {
        /// The column's name or alias.
        public var name: String
        /// The column's type.
        public var type: PostgresType
    }

    /// The columns, in order.
    public let columns: [Column]
    /// Rows changed by an INSERT, UPDATE, DELETE, MERGE or COPY, or returned by a SELECT.
    public let affectedRows: Int
    let columnIndex: [String: Int]
    let storage: [UInt8]
    // Per field, row-major: the start in `storage`, and the length or -1 for NULL.
    let starts: [Int]
    let lengths: [Int32]
    let rowCount: Int

    init(columns: [Column], affectedRows: Int, storage: [UInt8], starts: [Int], lengths: [Int32], rowCount: Int) {
        self.columns = columns
        self.affectedRows = affectedRows
        self.storage = storage
        self.starts = starts
        self.lengths = lengths
        self.rowCount = rowCount
        var index: [String: Int] = [:]
        for (position, column) in columns.enumerated() where index[column.name] == nil {
            index[column.name] = position
        }
        self.columnIndex = index
    }

    static let empty = QueryResult(columns: [], affectedRows: 0, storage: [], starts: [], lengths: [], rowCount: 0)

    /// The first row.
    public var startIndex: Int { 0 }
    /// One past the last row.
    public var endIndex: Int { rowCount }
    /// The row at `position`.
    public subscript(position: Int) -> Row { Row(result: self, index: position) }
}

/// One row of a `QueryResult`, decoded column by column.
public struct Row: Sendable {
    let result: QueryResult
    let index: Int

    /// Decodes the named column, failing clearly for a missing column, an unexpected NULL or a type mismatch.
    public func decode<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let position = result.columnIndex[column] else {
            let known = result.columns.map(\.name).joined(separator: ", ")
            throw PostgresError.decoding(column: column, reason: "no such column in the result (it has: \(known))")
        }
        return try decode(position, as: type)
    }

    /// Decodes the column at `position` (0-based).
    public func decode<T: PostgresDecodable>(_ position: Int, as type: T.Type = T.self) throws -> T {
        guard result.columns.indices.contains(position) else {
            throw PostgresError.decoding(
                column: "#\(position)", reason: "the result has \(result.columns.count) columns")
        }
        let column = result.columns[position]
        let field = index * result.columns.count + position
        let length = Int(result.lengths[field])
        do {
            if length < 0 { return try T.postgresNull() }
            let start = result.starts[field]
            return try result.storage.withUnsafeBytes { buffer throws(PostgresDecodingFailure) in
                try T(
                    postgresBytes: UnsafeRawBufferPointer(rebasing: buffer[start..<start + length]), type: column.type)
            }
        } catch let failure as PostgresDecodingFailure {
            throw PostgresError.decoding(column: column.name, reason: failure.reason)
        }
    }

    /// Whether the named column is NULL in this row.
    public func isNull(_ column: String) -> Bool {
        guard let position = result.columnIndex[column] else { return true }
        return result.lengths[index * result.columns.count + position] < 0
    }
}
