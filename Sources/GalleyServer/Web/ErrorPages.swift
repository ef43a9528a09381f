import Hummingbird

/// The web app's answer to a failed request from a browser: the message page, in the app's frame, instead of
/// problem+json, for a request that accepts HTML and is not for the API.
struct ErrorPages: Sendable {
    let templates: WebTemplates
    let zone: String

    /// Addresses that keep problem+json whatever the client accepts: the API and the operations endpoints.
    static let machinePaths = ["/v1", "/metrics", "/openapi.json", "/healthz", "/readyz"]

    /// Whether `request` is a browser's, answered with a page: it takes HTML and is not for the API.
    func takes(_ request: Request) -> Bool {
        let path = request.uri.path
        return !Self.machinePaths.contains { path == $0 || path.hasPrefix($0 + "/") }
            && request.headers[.accept]?.contains("text/html") == true
    }

    /// `problem` as the message page.
    func response(for problem: Problem) -> Response {
        let frame = Frame(title: problem.title, user: nil, csrf: "", zone: zone, current: "")
        var response = templates.response(
            MessagePage(frame: frame, heading: problem.title, message: problem.detail), status: problem.status)
        response.headers.append(contentsOf: problem.headers)
        return response
    }
}
