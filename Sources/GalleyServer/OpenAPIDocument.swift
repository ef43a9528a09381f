import Foundation

/// The OpenAPI 3.1 document of the whole API (`openapi.json` beside this file), served at `/openapi.json`.
enum OpenAPIDocument {
    /// The document's text, or a note that this build lost its resources.
    static let text: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return #"{"error":"this build of galley lacks its openapi.json resource"}"# }
        return text
    }()
}
