import Foundation
import TestSupport
import Testing

@Suite("The log's tables belong to the store")
struct LogBoundaryTests {
    /// The tables only `Sources/EventStore` (and `migrations/`) may name in SQL.
    static let tables = ["events", "subscriptions", "subscription_failures"]

    /// Files outside the store that may still name them, each with its reason.
    static let exempt: [String: String] = [
        // The benchmarks seed logs of a million events with INSERT ... SELECT generate_series and fake hashes,
        // and measure COPY as the baseline the store's reader is held to: both are the point of a benchmark.
        "Sources/galley-bench/StoreBenchmark.swift": "seeds and COPYs the log raw",
        "Sources/galley-bench/ProjectionBenchmark.swift": "seeds and COPYs the log raw",
    ]

    /// A table of the log after the SQL word that names a table (`events_append(...)` is a function, not a table).
    static func sqlNamingTheLog() throws -> Regex<AnyRegexOutput> {
        try Regex(
            #"(?i)\b(FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE|COPY|ONLY)\s+("# + tables.joined(separator: "|") + #")\b"#)
    }

    @Test("no Swift file outside Sources/EventStore names the log's tables in SQL")
    func noSQLOnTheLogOutsideTheStore() throws {
        let pattern = try Self.sqlNamingTheLog()
        let root = TestDatabase.packageRoot
        let sources = root.appendingPathComponent("Sources")
        var offences: [String] = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "swift" else { continue }
            let path = String(file.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            guard !path.hasPrefix("Sources/EventStore/"), Self.exempt[path] == nil else { continue }
            let lines = try String(contentsOf: file, encoding: .utf8).split(
                separator: "\n", omittingEmptySubsequences: false)
            for (number, line) in lines.enumerated() {
                // Comments may talk about the tables; only code reaches the database.
                let code = line.trimmingCharacters(in: .whitespaces)
                guard !code.hasPrefix("//"), line.contains(pattern) else { continue }
                offences.append("\(path):\(number + 1): \(code)")
            }
        }
        #expect(
            offences.isEmpty,
            """
            SQL on the log's tables belongs in Sources/EventStore; give EventStore or Subscription the call instead:
            \(offences.joined(separator: "\n"))
            """)
    }

    @Test("the scan finds what it looks for")
    func theScanSeesSQL() throws {
        let pattern = try Self.sqlNamingTheLog()
        #expect("SELECT count(*) FROM events WHERE position <= $1".contains(pattern))
        #expect("LEFT JOIN subscriptions s ON s.name = p.name".contains(pattern))
        #expect("DELETE FROM subscription_failures WHERE name = $1".contains(pattern))
        #expect(!"SELECT * FROM events_append($1, $2)".contains(pattern))
        #expect(!"SELECT * FROM events_stream_head($1)".contains(pattern))
    }
}
