import Postgres
import TestSupport
import Testing

@Suite("COPY in and out")
struct CopyTests {
    @Test("rows written with CopyRows come back exactly, whatever their text holds, NULL included")
    func copyInRoundTrip() async throws {
        try await TestDatabase.withFresh(migrated: false) { configuration in
            let connection = try await Connection.connect(configuration)
            try await connection.execute("CREATE TABLE notes (id integer PRIMARY KEY, body text, flag boolean)")
            let bodies: [String?] = [
                "plain", "tab\there", "two\nlines", "carriage\rreturn", #"back\slash \N not null"#, "", nil,
                "Київ — 東京 🗞️", "\\.",
            ]
            var rows = CopyRows()
            for (index, body) in bodies.enumerated() {
                rows.field(String(index))
                rows.field(body)
                rows.field(index % 2 == 0 ? "t" : "f")
                rows.endRow()
            }
            let data = rows.bytes
            let stored = try await connection.withSession {
                try $0.copyIn("COPY notes (id, body, flag) FROM STDIN", data)
            }
            #expect(stored == bodies.count)
            let back = try await connection.query("SELECT body, flag FROM notes ORDER BY id")
            #expect(try back.map { try $0.decode("body", as: String?.self) } == bodies)
            #expect(try back.map { try $0.decode("flag", as: Bool.self) } == bodies.indices.map { $0 % 2 == 0 })

            // A statement that is not COPY FROM STDIN is refused, and the session stays usable.
            await #expect(throws: PostgresError.protocolViolation("not a COPY ... FROM STDIN statement")) {
                try await connection.withSession { try $0.copyIn("SELECT 1", data) }
            }
            #expect(try await connection.query("SELECT count(*) AS n FROM notes")[0].decode("n", as: Int64.self) == 9)
            await connection.close()
        }
    }
}
