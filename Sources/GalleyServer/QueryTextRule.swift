import Editorial
import Foundation
import Galley
import Hummingbird

/// The text rule (`TextRule`) at the door of every route: no path and no query parameter may hold a control
/// character (such as `%00`), which PostgreSQL cannot take in text and no name or filter of Galley's holds.
/// Bodies and forms are held to the same rule field by field where they are read.
struct QueryTextRule: RouterMiddleware {
    func handle(
        _ request: Request, context: GalleyRequestContext,
        next: (Request, GalleyRequestContext) async throws -> Response
    ) async throws -> Response {
        let query = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
        if let problem = Self.problem(path: request.uri.path, query: query) {
            throw GalleyError.invalidInput(problem)
        }
        return try await next(request, context)
    }

    /// Why a request's address cannot be taken, or nil.
    static func problem(path encoded: String, query: [(String, String)]) -> String? {
        let path = encoded.removingPercentEncoding ?? encoded
        if path.unicodeScalars.contains(where: TextRule.isForbidden) {
            return "the address holds a control character (such as %00)"
        }
        for (name, value) in query where (name + value).unicodeScalars.contains(where: TextRule.isForbidden) {
            return "the query parameter \(TextRule.echo(name)) holds a control character (such as %00)"
        }
        return nil
    }
}
