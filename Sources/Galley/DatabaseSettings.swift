public import Postgres

/// Which database Galley uses: an explicit URL, then `GALLEY_DATABASE_URL`, then `DATABASE_URL`, then libpq's
/// own defaults (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSERVICE, `~/.pgpass`).
public enum DatabaseSettings {
    /// Resolves the configuration; an unparseable URL is an error that names the variable it came from.
    public static func resolve(
        explicit: String? = nil, environment: [String: String]
    ) throws -> ConnectionConfiguration {
        let candidates: [(source: String, value: String?)] = [
            ("--database-url", explicit),
            ("GALLEY_DATABASE_URL", environment["GALLEY_DATABASE_URL"]),
            ("DATABASE_URL", environment["DATABASE_URL"]),
        ]
        guard let chosen = candidates.first(where: { !($0.value ?? "").isEmpty }) else {
            return try ConnectionConfiguration("")
        }
        do {
            return try ConnectionConfiguration(chosen.value!)
        } catch let error as PostgresError {
            throw GalleyError.invalidInput("\(chosen.source) is not a usable database URL: \(error)")
        }
    }
}
