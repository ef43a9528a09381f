import Editorial
import Foundation
import Galley
import Hummingbird
import Logging

/// Checks the bearer token of every request but the health routes, and puts its user in the context.
struct Authentication: RouterMiddleware {
    let tokens: TokenCache

    func handle(
        _ request: Request, context: GalleyRequestContext,
        next: (Request, GalleyRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw Problem.unauthenticated("send a bearer token: Authorization: Bearer TOKEN (galley tokens issue)")
        }
        let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard !token.hasPrefix(SubscriberTokenStore.prefix) else {
            throw Problem.unauthenticated(
                "a subscriber's token opens the content API (/content/v1) only; the newsroom's API takes a user's token"
            )
        }
        guard let user = try await tokens.user(for: token) else {
            throw Problem.unauthenticated("the token is unknown or revoked, or its user is disabled")
        }
        var context = context
        context.user = user
        context.logger[metadataKey: "user"] = .string(user.name)
        return try await next(request, context)
    }
}

/// Turns every error into an RFC 9457 problem response; nothing else ever reaches the client.
struct ProblemResponses: RouterMiddleware {
    let routes: RouteTable
    /// The web app's pages for a browser's failed request; nil when the server has no web app.
    var pages: ErrorPages?

    func handle(
        _ request: Request, context: GalleyRequestContext,
        next: (Request, GalleyRequestContext) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            // The router's own 404: a path served for other methods is 405 with the methods it takes.
            let allowed = routes.methods(for: request.uri.path)
            // A route that takes this method and still found nothing (an unknown file, say) is a plain 404.
            guard allowed.isEmpty || allowed.contains(request.method.rawValue) else {
                var problem = Problem(
                    .methodNotAllowed, "method-not-allowed", "Method not allowed",
                    detail: "\(request.method) is not served at \(TextRule.echo(request.uri.path)); it takes "
                        + allowed.joined(separator: ", "))
                problem.headers[.allow] = allowed.joined(separator: ", ")
                return answer(problem, request)
            }
            let routes = pages?.takes(request) == true ? "" : "; see /openapi.json for the routes"
            return answer(
                Problem(
                    .notFound, "not-found", "Not found",
                    detail: "nothing is served at \(TextRule.echo(request.uri.path))\(routes)"), request)
        } catch let error as HTTPError {
            let problem = Problem(
                error.status, "http", error.status.reasonPhrase, detail: error.body ?? error.status.reasonPhrase)
            return answer(problem, request)
        } catch {
            let problem = Problem(error)
            if problem.status.code >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(error)"])
            }
            return answer(problem, request)
        }
    }

    /// The problem as a page for a browser (see `ErrorPages`), else as problem+json.
    private func answer(_ problem: Problem, _ request: Request) -> Response {
        guard let pages, pages.takes(request) else { return problem.response }
        return pages.response(for: problem)
    }
}
