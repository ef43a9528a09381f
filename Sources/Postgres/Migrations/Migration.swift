public import Foundation

/// One numbered SQL file from the migrations folder, such as `0001_events.sql`.
public struct Migration: Sendable, Equatable {
    /// The number before the first underscore.
    public var version: Int
    /// The file's name, such as `0001_events.sql`.
    public var fileName: String
    /// The file's SQL text.
    public var sql: String

    /// Creates a migration from its parts.
    public init(version: Int, fileName: String, sql: String) {
        self.version = version
        self.fileName = fileName
        self.sql = sql
    }

    /// Reads every `NNNN_name.sql` file of a folder, in version order.
    ///
    /// A `.sql` file whose name does not follow the pattern, or two files with one version, is an error:
    /// silently skipping a migration would be worse.
    public static func load(from directory: URL) throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw MigrationError.unreadableDirectory(directory.path)
        }
        var migrations: [Migration] = []
        for name in names.sorted() where name.hasSuffix(".sql") {
            let prefix = name.prefix { $0 != "_" }
            guard prefix.count == 4, let version = Int(prefix), name.count > 9 else {
                throw MigrationError.badFileName(name)
            }
            if let earlier = migrations.first(where: { $0.version == version }) {
                throw MigrationError.duplicateVersion(earlier.fileName, name)
            }
            let url = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path),
                let sql = String(data: data, encoding: .utf8)
            else {
                throw MigrationError.unreadableFile(name)
            }
            migrations.append(Migration(version: version, fileName: name, sql: sql))
        }
        return migrations.sorted { $0.version < $1.version }
    }
}

/// Why migrations could not be read or applied.
public enum MigrationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The folder does not exist or cannot be listed.
    case unreadableDirectory(String)
    /// A file cannot be read as UTF-8 text.
    case unreadableFile(String)
    /// A `.sql` file is not named `NNNN_name.sql`.
    case badFileName(String)
    /// Two files carry the same version number.
    case duplicateVersion(String, String)
    /// A file was edited after it was applied; applied migrations must never change.
    case changedAfterApply(String)
    /// A migration's SQL failed; it was rolled back and later ones were not tried.
    case failed(String, PostgresError)
    /// A function file says `CREATE FUNCTION`, which cannot be applied a second time.
    case functionNotReplaceable(String)

    /// What went wrong and what to do about it.
    public var description: String {
        switch self {
        case .unreadableDirectory(let path):
            return "cannot read the migrations folder \(path); pass --migrations DIR or set GALLEY_MIGRATIONS"
        case .unreadableFile(let name):
            return "cannot read migration \(name) as UTF-8 text"
        case .badFileName(let name):
            return "migration \(name) is not named NNNN_name.sql"
        case .duplicateVersion(let first, let second):
            return "migrations \(first) and \(second) share a version number"
        case .changedAfterApply(let name):
            return
                "migration \(name) changed after it was applied; restore the applied text and add a new migration instead"
        case .failed(let name, let error):
            return "migration \(name) failed and was rolled back: \(error)"
        case .functionNotReplaceable(let name):
            return "\(name) says CREATE FUNCTION; function files are applied again whenever they change, "
                + "so write CREATE OR REPLACE FUNCTION"
        }
    }
}
