import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Parameters and decoding")
struct BindingTests {
    @Test("every bound type comes back as it went in, NULL included")
    func roundTrips() async throws {
        try await TestDatabase.withFresh(migrated: false) { configuration in
            let connection = try await Connection.connect(configuration)
            try await connection.execute(
                """
                CREATE TABLE samples (
                    id serial PRIMARY KEY, t text, i bigint, i4 integer, b boolean, d double precision,
                    ts timestamptz, u uuid, bytes bytea, j jsonb
                )
                """)
            let moment = Date(timeIntervalSince1970: 1_732_470_000.123456)
            let uuid = UUID()
            let bytes = Data([0, 1, 2, 0xFF, 0, 0x7F])
            let text = "Kyiv — Київ, naïve café, 東京, 🗞️"
            try await connection.execute(
                "INSERT INTO samples (t, i, i4, b, d, ts, u, bytes, j) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                [text, Int64.min, Int32.max, true, -0.1, moment, uuid, bytes, PostgresJSON(#"{"a": [1, "ü"]}"#)])
            let nothing: String? = nil
            try await connection.execute(
                "INSERT INTO samples (t, i, i4, b, d, ts, u, bytes, j) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                [
                    nothing, nil, Int32?.none, Bool?.none, Double?.none, Date?.none, UUID?.none, Data?.none,
                    PostgresJSON?.none,
                ])

            let rows = try await connection.query("SELECT * FROM samples ORDER BY id")
            #expect(rows.count == 2)
            let full = rows[0]
            #expect(try full.decode("t", as: String.self) == text)
            #expect(try full.decode("i", as: Int64.self) == Int64.min)
            #expect(try full.decode("i4", as: Int32.self) == Int32.max)
            #expect(try full.decode("b", as: Bool.self) == true)
            #expect(try full.decode("d", as: Double.self) == -0.1)
            #expect(try full.decode("ts", as: Date.self) == moment)
            #expect(try full.decode("u", as: UUID.self) == uuid)
            #expect(try full.decode("bytes", as: Data.self) == bytes)
            #expect(
                try full.decode("j", as: PostgresJSON.self).decode([String: [JSONScalar]].self) == [
                    "a": [.int(1), .text("ü")]
                ])

            let empty = rows[1]
            #expect(try empty.decode("t", as: String?.self) == nil)
            #expect(try empty.decode("i", as: Int?.self) == nil)
            #expect(try empty.decode("b", as: Bool?.self) == nil)
            #expect(try empty.decode("ts", as: Date?.self) == nil)
            #expect(try empty.decode("u", as: UUID?.self) == nil)
            #expect(try empty.decode("bytes", as: Data?.self) == nil)
            #expect(try empty.decode("j", as: PostgresJSON?.self) == nil)
            #expect(empty.isNull("d"))
            await connection.close()
        }
    }

    @Test("a 1 MB text and arrays travel intact")
    func largeValuesAndArrays() async throws {
        try await TestDatabase.withFresh(migrated: false) { configuration in
            let connection = try await Connection.connect(configuration)
            let large = String(repeating: "Galley ✍︎ ", count: 100_000)
            let echoed = try await connection.query("SELECT $1::text AS value, length($1::text) AS chars", [large])
            #expect(try echoed[0].decode("value", as: String.self) == large)
            #expect(try echoed[0].decode("chars", as: Int.self) == large.unicodeScalars.count)

            let unnested = try await connection.query(
                "SELECT s, n FROM unnest($1::text[], $2::bigint[]) AS x(s, n) ORDER BY n",
                [["a", "b,\"c\"", ""], [1, 2, 3]])
            #expect(try unnested.map { try $0.decode("s", as: String.self) } == ["a", "b,\"c\"", ""])
            let withNull = try await connection.query(
                "SELECT array_position($1::text[], NULL) AS at", [PostgresNullableArray<String>(["x", nil])])
            #expect(try withNull[0].decode("at", as: Int.self) == 2)
            let sum = try await connection.query(
                "SELECT sum(n) AS total FROM unnest($1::bigint[]) n", [[Int64.max, 1]])
            #expect(try sum[0].decode("total", as: String.self) == "9223372036854775808")
            await connection.close()
        }
    }

    @Test("NULL into a non-optional, a type mismatch and a missing column are clear errors")
    func decodingErrors() async throws {
        try await TestDatabase.withFresh(migrated: false) { configuration in
            let connection = try await Connection.connect(configuration)
            let row = try await connection.query("SELECT NULL::text AS headline, 42 AS words")[0]
            #expect(
                throws: PostgresError.decoding(
                    column: "headline", reason: "the value is NULL; decode it as String? to accept NULL")
            ) {
                try row.decode("headline", as: String.self)
            }
            #expect(throws: PostgresError.decoding(column: "words", reason: "a integer value cannot be read as String"))
            {
                try row.decode("words", as: String.self)
            }
            #expect(
                throws: PostgresError.decoding(
                    column: "byline", reason: "no such column in the result (it has: headline, words)")
            ) {
                try row.decode("byline", as: String.self)
            }
            await connection.close()
        }
    }

    @Test("a string holding NUL is refused before it reaches the server")
    func nulInText() async throws {
        try await TestDatabase.withFresh(migrated: false) { configuration in
            let connection = try await Connection.connect(configuration)
            await #expect(
                throws: PostgresError.invalidParameter(
                    index: 2, reason: "text holds a NUL character, which PostgreSQL cannot store")
            ) {
                try await connection.query("SELECT $1::text, $2::text", ["fine", "bad\u{0}text"])
            }
            #expect(await connection.isHealthy())
            await connection.close()
        }
    }
}

/// A JSON scalar, for comparing decoded documents.
enum JSONScalar: Codable, Equatable {
    case int(Int)
    case text(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        }
    }
}
