import Editorial
import Foundation
import Postgres
import TestSupport
import Testing

@testable import GalleyServer

@Suite("The OpenAPI document")
struct OpenAPIDocumentTests {
    @Test("describes exactly the routes the server serves, each operation with a summary and its responses")
    func matchesRoutes() throws {
        let url = TestDatabase.packageRoot.appendingPathComponent("Sources/GalleyServer/openapi.json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var described: [String] = []
        for (path, operations) in paths {
            for (method, operation) in operations {
                described.append("\(method.uppercased()) \(path)")
                let operation = operation as? [String: Any]
                #expect(operation?["summary"] is String, "\(method) \(path) has no summary")
                #expect(operation?["responses"] is [String: Any], "\(method) \(path) has no responses")
                #expect(operation?["operationId"] is String, "\(method) \(path) has no operationId")
                #expect((operation?["tags"] as? [String])?.isEmpty == false, "\(method) \(path) has no tag")
                #expect(
                    (operation?["responses"] as? [String: Any])?["default"] != nil, "\(method) \(path) has no default")
            }
        }
        let served = GalleyServer(database: try ConnectionConfiguration("host=127.0.0.1 port=1")).routeList()
        let missing = Set(served).subtracting(described).sorted()
        let extra = Set(described).subtracting(served).sorted()
        #expect(missing.isEmpty, "served but not in openapi.json: \(missing)")
        #expect(extra.isEmpty, "in openapi.json but not served: \(extra)")
        // Every command has its route, served and described: a new action cannot be left without one.
        for action in Action.allCases {
            guard let route = CommandRoute.of(action) else { continue }
            #expect(served.contains("POST \(route.documentedPath)"), "\(action) is not served")
            #expect(described.contains("POST \(route.documentedPath)"), "\(action) is not in openapi.json")
        }
    }

    @Test("a command route's story id, If-Match and Idempotency-Key are the shared parameters, stated as enforced")
    func sharedParameters() throws {
        let url = TestDatabase.packageRoot.appendingPathComponent("Sources/GalleyServer/openapi.json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
        for action in Action.allCases {
            guard let route = CommandRoute.of(action) else { continue }
            let operation = try #require(paths[route.documentedPath]?["post"], "\(action)")
            let references = (operation["parameters"] as? [[String: Any]] ?? []).compactMap { $0["$ref"] as? String }
            #expect(
                Set(references).isSuperset(of: [
                    "#/components/parameters/StoryID", "#/components/parameters/IfMatch",
                    "#/components/parameters/IdempotencyKey",
                ]), "\(action): \(references)")
        }
        let parameters = try #require(
            (document["components"] as? [String: Any])?["parameters"] as? [String: [String: Any]])
        let key = try #require(parameters["IdempotencyKey"]?["schema"] as? [String: Any])
        #expect(key["pattern"] as? String == "^[!-~]{1,255}$")
    }
}
