public import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real HTTP client (URLSession) against a server on loopback.
public struct HTTPClient: Sendable {
    /// The server's base URL.
    public var base: URL
    /// The bearer token sent, if any.
    public var token: String?

    /// A client for `http://127.0.0.1:port`.
    public init(port: Int, token: String? = nil) {
        base = URL(string: "http://127.0.0.1:\(port)")!
        self.token = token
    }

    /// One exchange's outcome.
    public struct Reply: Sendable {
        /// The status code.
        public var status: Int
        /// The response headers, by lowercased name.
        public var headers: [String: String]
        /// The body.
        public var body: Data

        /// The body parsed as a JSON object.
        public var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
        }

        /// The body parsed as a JSON array.
        /// The `items` of a page.
        public var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }

        /// The body as an array of objects.
        public var array: [[String: Any]] {
            (try? JSONSerialization.jsonObject(with: body) as? [[String: Any]]) ?? []
        }
    }

    /// Sends a request and returns the reply; `body` is sent as is.
    public func send(
        _ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:]
    ) async throws -> Reply {
        var request = URLRequest(url: URL(string: path, relativeTo: base)!)
        request.httpMethod = method
        request.httpBody = body
        if body != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        // Every response a test receives is held to the OpenAPI document, so the two cannot drift apart.
        let violations = OpenAPIContract.shipped.violations(
            method: method, path: path, status: http.statusCode, contentType: fields["content-type"], body: data)
        guard violations.isEmpty else { throw ContractViolation(violations: violations) }
        return Reply(status: http.statusCode, headers: fields, body: data)
    }

    /// Sends a JSON object.
    public func send(
        _ method: String, _ path: String, json: [String: Any], headers: [String: String] = [:]
    ) async throws -> Reply {
        try await send(method, path, body: try JSONSerialization.data(withJSONObject: json), headers: headers)
    }
}

/// A response that breaks the OpenAPI document.
public struct ContractViolation: Error, CustomStringConvertible {
    /// What is wrong, each naming the operation and where in the body.
    public var violations: [String]
    /// The violations, one a line.
    public var description: String { "the response breaks openapi.json:\n" + violations.joined(separator: "\n") }
}
