import CLibPQ
import Foundation

/// Where and how to connect: a `postgres://` URL, a `key=value` conninfo string, or nothing at all.
///
/// An empty configuration uses libpq's own defaults: PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD,
/// PGSERVICE and `~/.pgpass`. Values a string leaves out are filled from the same defaults.
public struct ConnectionConfiguration: Sendable, Equatable, CustomStringConvertible {
    /// The string handed to libpq.
    public let conninfo: String

    /// Wraps a URL or conninfo string after checking that libpq can parse it.
    public init(_ conninfo: String = "") throws {
        _ = try Self.parse(conninfo)
        self.conninfo = conninfo
    }

    /// The same server with another database, for example a per-test database.
    public func replacingDatabase(with name: String) throws -> ConnectionConfiguration {
        try replacing("dbname", with: name)
    }

    /// The same settings with one libpq option (`user`, `dbname`, ...) set to `value`.
    public func replacing(_ option: String, with value: String) throws -> ConnectionConfiguration {
        var options = try Self.parse(conninfo)
        options[option] = value
        let rebuilt = options.sorted { $0.key < $1.key }
            .map { "\($0.key)=\(Self.quote($0.value))" }
            .joined(separator: " ")
        return try ConnectionConfiguration(rebuilt)
    }

    /// The same settings, with every statement of a session cancelled after `timeout` (`statement_timeout`,
    /// sent in the startup packet, so it costs no round trip).
    public func limitingStatements(to timeout: Duration) throws -> ConnectionConfiguration {
        let milliseconds = timeout.components.seconds * 1_000 + timeout.components.attoseconds / 1_000_000_000_000_000
        let setting = "-c statement_timeout=\(max(1, milliseconds))"
        return try replacing("options", with: [options["options"], setting].compactMap(\.self).joined(separator: " "))
    }

    /// The options the string sets, by libpq keyword (`host`, `port`, `dbname`, `user`, ...).
    public var options: [String: String] { (try? Self.parse(conninfo)) ?? [:] }

    /// `user@host:port/dbname` with libpq's defaults filled in and never a password.
    public var description: String {
        var values = Self.defaults()
        for (key, value) in options { values[key] = value }
        return Self.describe(
            user: values["user"], host: values["host"] ?? values["hostaddr"], port: values["port"],
            database: values["dbname"])
    }

    static func describe(user: String?, host: String?, port: String?, database: String?) -> String {
        let user = user.map { $0.isEmpty ? "" : "\($0)@" } ?? ""
        let host = (host?.isEmpty ?? true) ? "localhost" : host!
        let port = (port?.isEmpty ?? true) ? "" : ":\(port!)"
        let database = database.map { "/\($0)" } ?? ""
        return "\(user)\(host)\(port)\(database)"
    }

    private static func parse(_ conninfo: String) throws -> [String: String] {
        var error: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(conninfo, &error) else {
            let message = error.map { String(cString: $0) } ?? "out of memory"
            if let error { PQfreemem(error) }
            // libpq quotes the whole string back, password included; the quotation is cut out.
            let redacted = message.trimmingTrailingNewlines.replacingOccurrences(of: "\"\(conninfo)\"", with: "the URL")
            throw PostgresError.invalidConfiguration(redacted)
        }
        defer { PQconninfoFree(parsed) }
        return collect(parsed)
    }

    private static func defaults() -> [String: String] {
        guard let defaults = PQconndefaults() else { return [:] }
        defer { PQconninfoFree(defaults) }
        return collect(defaults)
    }

    private static func collect(_ options: UnsafeMutablePointer<PQconninfoOption>) -> [String: String] {
        var result: [String: String] = [:]
        var cursor = options
        while let keyword = cursor.pointee.keyword {
            if let value = cursor.pointee.val {
                result[String(cString: keyword)] = String(cString: value)
            }
            cursor += 1
        }
        return result
    }

    private static func quote(_ value: String) -> String {
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        return "'\(escaped)'"
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var text = self
        while text.last?.isNewline == true { text.removeLast() }
        return text
    }

    /// The first line, without the "DETAIL:" and "HINT:" lines libpq appends.
    var firstLine: String {
        String(split(separator: "\n", omittingEmptySubsequences: true).first ?? "")
    }

}
