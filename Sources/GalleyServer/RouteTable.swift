import HTTPTypes
import Hummingbird
import Synchronization

/// The routes a server serves, by path pattern: what tells a path served for other methods (405, with
/// `Allow`) from one not served at all (404).
final class RouteTable: Sendable {
    private let routes = Mutex<[(method: HTTPRequest.Method, path: [Substring])]>([])

    /// Learns the router's routes, once they are all registered.
    func learn(_ routes: [(method: HTTPRequest.Method, path: String)]) {
        self.routes.withLock {
            $0 = routes.map { ($0.method, $0.path.split(separator: "/")) }
        }
    }

    /// The methods served for `path` (with HEAD wherever GET is), sorted; empty when no route matches.
    func methods(for path: String) -> [String] {
        let parts = path.split(separator: "/")
        let methods = routes.withLock { routes in
            routes.filter { route in
                route.path.count == parts.count
                    && zip(route.path, parts).allSatisfy { pattern, part in pattern.hasPrefix("{") || pattern == part }
            }.map(\.method.rawValue)
        }
        return Set(methods + (methods.contains("GET") ? ["HEAD"] : [])).sorted()
    }
}
