public import Foundation

/// One file of the migrations' `functions/` folder: the whole current definition of a database function, which
/// `Migrator` applies again whenever the file's text changes.
///
/// Numbered migrations can never change once applied, so a function defined in one and revised in another is
/// written out whole twice. A function file is its single definition instead: every database, fresh or old, ends
/// with the file's text (see migrations/README.md).
public struct FunctionFile: Sendable, Equatable {
    /// The file's name, such as `events_append.sql`.
    public var fileName: String
    /// The file's SQL text: `CREATE OR REPLACE FUNCTION ...` statements, so that applying it again is safe.
    public var sql: String

    /// Creates a function file from its parts.
    public init(fileName: String, sql: String) {
        self.fileName = fileName
        self.sql = sql
    }

    /// The folder of function files inside a migrations folder.
    public static func folder(in migrations: URL) -> URL { migrations.appendingPathComponent("functions") }

    /// Reads every `.sql` file of `functions/` inside a migrations folder, in name order; none if it has no such
    /// folder.
    ///
    /// A file with a plain `CREATE FUNCTION` is an error: it would fail the second time it is applied.
    public static func load(fromMigrations directory: URL) throws -> [FunctionFile] {
        let folder = folder(in: directory)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            return []
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw MigrationError.unreadableDirectory(folder.path)
        }
        return try names.sorted().filter { $0.hasSuffix(".sql") }.map { name in
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path),
                let sql = String(data: data, encoding: .utf8)
            else {
                throw MigrationError.unreadableFile("functions/\(name)")
            }
            if sql.contains(plainCreate) { throw MigrationError.functionNotReplaceable("functions/\(name)") }
            return FunctionFile(fileName: name, sql: sql)
        }
    }

    /// `CREATE FUNCTION` without `OR REPLACE`, outside a comment line.
    private static var plainCreate: Regex<Substring> { #/(?im)^(?!\s*--).*\bCREATE\s+FUNCTION\b/# }
}
