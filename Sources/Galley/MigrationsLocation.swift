public import Foundation
public import Postgres

/// Finds the folder of SQL migrations this build ships with.
///
/// In order: an explicit path, `GALLEY_MIGRATIONS`, `<prefix>/share/galley/migrations` beside an installed
/// binary, then `migrations/` in the source checkout the binary was built in or in the current folder.
public enum MigrationsLocation {
    /// The folder to read migrations from.
    public static func find(
        explicit: String?, environment: [String: String], executable: URL?
    ) throws -> URL {
        if let explicit, !explicit.isEmpty { return URL(fileURLWithPath: explicit) }
        if let configured = environment["GALLEY_MIGRATIONS"], !configured.isEmpty {
            return URL(fileURLWithPath: configured)
        }
        var candidates: [URL] = []
        if let executable = executable?.resolvingSymlinksInPath() {
            let folder = executable.deletingLastPathComponent()
            candidates.append(folder.deletingLastPathComponent().appendingPathComponent("share/galley/migrations"))
            var parent = folder
            for _ in 0..<6 {
                candidates.append(parent.appendingPathComponent("migrations"))
                parent = parent.deletingLastPathComponent()
            }
        }
        candidates.append(
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("migrations"))
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("0001_events.sql").path) {
            return candidate
        }
        throw GalleyError.configuration(
            "cannot find the migrations folder; pass --migrations DIR or set GALLEY_MIGRATIONS")
    }

    /// Loads the migrations and function files of the folder `find` returns.
    public static func load(explicit: String?, environment: [String: String], executable: URL?) throws -> Migrator {
        let folder = try find(explicit: explicit, environment: environment, executable: executable)
        return try Migrator.load(from: folder)
    }
}
