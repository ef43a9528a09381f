import CLibPQ

extension Session {
    /// Runs `COPY ... TO STDOUT` and hands each chunk of output to `body`; returns the bytes copied.
    ///
    /// Like `runScript`, this takes trusted SQL text only: COPY cannot carry parameters.
    @discardableResult
    public func copyOut(_ sql: String, _ body: (UnsafeRawBufferPointer) -> Void) throws -> Int {
        let start = PQexec(handle, sql)
        guard let start, PQresultStatus(start) == PGRES_COPY_OUT else {
            _ = try consume(start)
            throw PostgresError.protocolViolation("not a COPY ... TO STDOUT statement")
        }
        PQclear(start)
        var total = 0
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let count = PQgetCopyData(handle, &buffer, 0)
            if count > 0, let buffer {
                body(UnsafeRawBufferPointer(start: buffer, count: Int(count)))
                total += Int(count)
                PQfreemem(buffer)
            } else if count == -1 {
                break
            } else {
                throw lostOrFailed()
            }
        }
        _ = try consume(PQgetResult(handle))
        while let extra = PQgetResult(handle) { PQclear(extra) }
        return total
    }

    /// Runs `COPY ... FROM STDIN` (text format) with `data` as its input; returns how many rows it stored.
    ///
    /// Like `runScript`, this takes trusted SQL text only; the rows travel apart from it, written with
    /// `CopyRows`, so no value is ever spliced into SQL.
    @discardableResult
    public func copyIn(_ sql: String, _ data: [UInt8]) throws -> Int {
        let start = PQexec(handle, sql)
        guard let start, PQresultStatus(start) == PGRES_COPY_IN else {
            _ = try consume(start)
            throw PostgresError.protocolViolation("not a COPY ... FROM STDIN statement")
        }
        PQclear(start)
        let sent = data.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { characters in
                PQputCopyData(handle, characters.baseAddress, Int32(characters.count))
            }
        }
        guard sent == 1, PQputCopyEnd(handle, nil) == 1 else { throw lostOrFailed() }
        let result = try consume(PQgetResult(handle))
        while let extra = PQgetResult(handle) { PQclear(extra) }
        return result.affectedRows
    }
}

/// Rows in `COPY`'s text format: fields separated by tabs, rows ended by newlines, `\N` for NULL, and
/// backslash, tab, newline and carriage return escaped inside a field.
public struct CopyRows: Sendable {
    /// The encoded rows so far.
    public private(set) var bytes: [UInt8] = []
    private var atRowStart = true

    /// An empty set of rows.
    public init() {}

    /// Appends one field to the current row; nil is NULL.
    public mutating func field(_ text: String?) {
        if !atRowStart { bytes.append(0x09) }
        atRowStart = false
        guard let text else {
            bytes.append(contentsOf: [0x5C, 0x4E])  // \N
            return
        }
        for byte in text.utf8 {
            switch byte {
            case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
            case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
            default: bytes.append(byte)
            }
        }
    }

    /// Ends the current row.
    public mutating func endRow() {
        bytes.append(0x0A)
        atRowStart = true
    }
}
