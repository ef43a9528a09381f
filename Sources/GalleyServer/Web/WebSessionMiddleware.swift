import Galley
import HTTPTypes
import Hummingbird
import Logging

/// Finds the web session a request's cookie opens and puts it, and its user, in the context; it refuses nothing
/// itself: each page decides whether it needs someone signed in.
struct WebSessionMiddleware: RouterMiddleware {
    let signIn: WebSignIn

    /// The session cookie's name.
    static let cookie = "galley_session"

    func handle(
        _ request: Request, context: GalleyRequestContext,
        next: (Request, GalleyRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let secret = request.cookies[Self.cookie]?.value, let session = try await signIn.session(for: secret) {
            context.webSession = session
            context.user = session.user
            context.logger[metadataKey: "user"] = .string(session.user.name)
        }
        return try await next(request, context)
    }
}

/// The headers every page of the web app carries: a strict content policy (no inline script or style, nothing
/// from elsewhere, no framing), no type sniffing, and referrers kept within the site.
struct WebSecurityHeaders: RouterMiddleware {
    static let policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func handle(
        _ request: Request, context: GalleyRequestContext,
        next: (Request, GalleyRequestContext) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.policy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "same-origin"
        response.headers[.xFrameOptions] = "DENY"
        return response
    }
}

extension HTTPField.Name {
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
}
