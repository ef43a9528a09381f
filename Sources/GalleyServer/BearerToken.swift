import Foundation
import Hummingbird

/// The token of a request's `Authorization: Bearer TOKEN` header (RFC 6750; the scheme's name in any case): read
/// in one place for the newsroom's API, the content API and the live feeds.
enum BearerToken {
    /// The token, or nil when the request sends no bearer token.
    static func of(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            return nil
        }
        return String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
    }
}
