import Foundation
import Postgres
import TestSupport
import Testing

/// What the HTTP service refuses, and how: never a 5xx for anything a client sends.
@Suite("galley serve: strict input and HTTP semantics")
struct HTTPStrictnessTests {
    /// Every POST route of the OpenAPI document with the text fields of its body (strings, arrays of strings).
    static func textFields() throws -> [(path: String, fields: [(String, Bool)])] {
        let url = TestDatabase.packageRoot.appendingPathComponent("Sources/GalleyServer/openapi.json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        return paths.compactMap { path, operations in
            guard let post = operations["post"] as? [String: Any],
                let schema = ((post["requestBody"] as? [String: Any])?["content"] as? [String: Any])?[
                    "application/json"]
                    as? [String: Any],
                let properties = (schema["schema"] as? [String: Any])?["properties"] as? [String: [String: Any]]
            else { return nil }
            let fields = properties.compactMap { name, property -> (String, Bool)? in
                if property["type"] as? String == "string" { return (name, false) }
                if (property["items"] as? [String: Any])?["type"] as? String == "string" { return (name, true) }
                return nil
            }
            return fields.isEmpty ? nil : (path, fields.sorted { $0.0 < $1.0 })
        }.sorted { $0.path < $1.path }
    }

    /// A fresh database with an admin, a server, and one drafted story; the server is stopped afterwards.
    func withStory(_ body: (HTTPClient, ServerProcess, [String: String], String) async throws -> Void) async throws {
        try await TestDatabase.withFresh { configuration in
            let environment = ["GALLEY_DATABASE_URL": configuration.conninfo]
            let token = try await CommandRun.userWithToken("bo", role: "admin", environment: environment)
            let server = try await ServerProcess.start(environment: environment)
            let bo = HTTPClient(port: server.port, token: token)
            let created = try await bo.send(
                "POST", "/v1/articles", json: ["headline": "Tram works", "slug": "tram", "desk": "city", "body": ["x"]])
            do {
                try await body(bo, server, environment, try #require(created.json["id"] as? String))
            } catch {
                _ = await server.stop()
                throw error
            }
            #expect(await server.stop() == 0)
        }
    }

    @Test("every text field of every route: NUL, a lone surrogate, control characters, 100,000 characters: 4xx or kept")
    func textSweep() async throws {
        try await withStory { bo, server, environment, id in
            let bad: [(String, String)] = [
                ("NUL", #""a\u0000b""#), ("lone surrogate", #""a\ud800b""#), ("control", #""a\u0007b""#),
                ("long", "\"" + String(repeating: "y", count: 100_000) + "\""),
            ]
            var sent = 0
            for (path, fields) in try Self.textFields() {
                let concrete = path.replacingOccurrences(of: "{id}", with: id)
                    .replacingOccurrences(of: "{claimId}", with: "c1")
                for (field, isArray) in fields {
                    for (kind, literal) in bad {
                        let body = "{\"\(field)\":" + (isArray ? "[\(literal)]" : literal) + "}"
                        let reply = try await bo.send("POST", concrete, body: Data(body.utf8))
                        sent += 1
                        #expect(reply.status < 500, "\(kind) in \(field) of \(path): \(reply.status)")
                        if reply.status >= 400 {
                            let detail = reply.json["detail"] as? String ?? ""
                            #expect(detail.count < 400, "a refusal echoed \(detail.count) characters")
                        }
                    }
                }
            }
            #expect(sent > 100)
            print("strict input: \(sent) requests with bad text, none answered 5xx")
        }
    }

    @Test("content types, encodings, duplicate keys, null, RFC 3339, methods, HEAD, If-Match, Accept, big heads")
    func semantics() async throws {
        try await withStory { bo, server, environment, id in
            let comment = Data(#"{"text":"Check the date"}"#.utf8)

            expectProblem(
                try await bo.send("POST", "/v1/articles/\(id)/assignment", json: ["user": "a\u{0}b"]), 400,
                "invalid-input")
            for type in ["text/plain", "application/x-www-form-urlencoded", "application/xml"] {
                expectProblem(
                    try await bo.send(
                        "POST", "/v1/articles/\(id)/comments", body: comment, headers: ["Content-Type": type]),
                    415, "unsupported-media-type")
            }
            expectProblem(
                try await bo.send(
                    "POST", "/v1/articles/\(id)/comments", body: comment, headers: ["Content-Encoding": "gzip"]), 415,
                "unsupported-media-type")
            expectProblem(
                try await bo.send("POST", "/v1/articles/\(id)/comments", body: Data(#"{"text":"a","text":"b"}"#.utf8)),
                400, "invalid-input")
            expectProblem(
                try await bo.send("POST", "/v1/articles/\(id)/comments", body: Data(#"{"text":null}"#.utf8)), 400,
                "invalid-input")
            expectProblem(
                try await bo.send("POST", "/v1/articles/\(id)/publish", json: ["at": "2031-01-01T00:00:00Zjunk"]), 400,
                "invalid-input")
            // A path id outside the documented pattern is bad input, before If-Match or the body are read.
            for malformed in ["UPPER", "a_b", String(repeating: "a", count: 65), "-lead"] {
                expectProblem(
                    try await bo.send(
                        "POST", "/v1/articles/\(malformed)/comments", body: comment,
                        headers: ["If-Match": "\"1\", \"2\""]), 400, "invalid-input")
            }
            #expect(try await storyEvents(environment).count == 1, "refused requests wrote nothing")

            let wrongMethod = try await bo.send("DELETE", "/v1/articles/\(id)")
            expectProblem(wrongMethod, 405, "method-not-allowed")
            #expect(wrongMethod.headers["allow"] == "GET, HEAD")
            expectProblem(try await bo.send("GET", "/v1/nothing-here"), 404, "not-found")
            let head = try await bo.send("HEAD", "/v1/articles/\(id)")
            #expect(head.status == 200 && head.body.isEmpty && head.headers["etag"] == "\"1\"")

            #expect(
                try await bo.send("POST", "/v1/articles/\(id)/comments", body: comment, headers: ["If-Match": "*"])
                    .status == 200)
            #expect(
                try await bo.send(
                    "POST", "/v1/articles/\(id)/comments", body: comment, headers: ["If-Match": "\"1\", \"2\""]
                )
                .status == 200)
            expectProblem(
                try await bo.send(
                    "POST", "/v1/articles/\(id)/comments", body: comment, headers: ["If-Match": "\"1\", \"2\""]),
                412, "precondition-failed")

            let page = try await bo.send(
                "GET", "/v1/events", headers: ["Accept": "application/json, text/event-stream"])
            #expect(page.status == 200 && page.headers["content-type"]?.hasPrefix("application/json") == true)
            let refusedStream = try await bo.send("GET", "/v1/events", headers: ["Accept": "text/event-stream;q=0"])
            #expect(refusedStream.headers["content-type"]?.hasPrefix("application/json") == true)

            let port = server.port
            let huge = try await RawConnection.onThread {
                let client = try RawConnection(port: port)
                client.send(
                    "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "z", count: 100_000))\r\n\r\n")
                return client.readToEnd(timeout: .seconds(5))
            }
            #expect(huge.text.hasPrefix("HTTP/1.1 431"), "\(huge.text.prefix(200))")
            #expect(huge.text.contains("application/problem+json") && huge.text.contains("header-too-large"))
            let garbled = try await RawConnection.onThread {
                let client = try RawConnection(port: port)
                client.send("BLAH\u{1} / HTTP/9\r\n\r\n")
                return client.readToEnd(timeout: .seconds(5))
            }
            #expect(garbled.text.hasPrefix("HTTP/1.1 400") && garbled.text.contains("urn:galley:problem:bad-request"))
            let openapi = try await HTTPClient(port: port).send("GET", "/openapi.json")
            #expect(openapi.status == 200)
        }
    }
}
